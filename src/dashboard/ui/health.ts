// Stream health: updates per second (from the server's position), event-loop lag, connections
// and history lag, polled from GET /dashboard/stats.
interface Stats {
  at: number;
  position: { epoch: string; seq: number };
  connections: number;
  subscriptions: number;
  loopLagMs: number;
  history: { queued: number; oldestMs: number };
}

export function startHealth(root: HTMLElement, url: string, everyMs = 1_000): void {
  let prev: Stats | null = null;
  const show = (s: Stats) => {
    const rate =
      prev && prev.position.epoch === s.position.epoch && s.at > prev.at
        ? ((s.position.seq - prev.position.seq) * 1000) / (s.at - prev.at)
        : 0;
    prev = s;
    const items: [string, string, string][] = [
      ['updates', `${rate.toFixed(0)}/s`, 'Changes per second'],
      ['loop lag', `${s.loopLagMs.toFixed(1)} ms`, 'Event-loop delay, p99'],
      ['connections', String(s.connections), 'Open stream connections'],
      [
        'history lag',
        `${s.history.queued} (${(s.history.oldestMs / 1000).toFixed(1)} s)`,
        'Changes not yet durable',
      ],
      ['seq', String(s.position.seq), 'Current position'],
    ];
    root.replaceChildren(
      ...items.map(([label, value, title]) => {
        const span = document.createElement('span');
        span.title = title;
        span.dataset['stat'] = label;
        span.append(`${label} `);
        span.append(Object.assign(document.createElement('b'), { textContent: value }));
        return span;
      }),
    );
  };
  const poll = async () => {
    try {
      const res = await fetch(url);
      if (res.ok) show((await res.json()) as Stats);
    } catch {
      // the connection badge already says the server is away
    }
    setTimeout(poll, everyMs);
  };
  void poll();
}
