// The sports one client follows (spec §2.2, INFERRED rules): all until the first explicit
// subscribe, which replaces the implicit `all`; later subscribes add; `all` switches back to
// every sport; unsubscribing in `all` mode means "all except these". Names match `sportName` or
// the sport id in any letter case; unknown names are kept and match nothing.
import type { Filter } from '../../model/types.js';
import type { Vocab } from './vocab.js';

export class SportSet {
  private all = true;
  /** Canonical sport ids followed (all = false) or excluded (all = true). */
  private readonly ids = new Set<string>();
  /** Unknown names asked for, echoed in acknowledgements only. */
  private readonly unknown = new Set<string>();
  private explicit = false;

  constructor(private readonly vocab: Vocab) {}

  subscribe(names: readonly string[]): void {
    if (names.some((n) => n.toLowerCase() === 'all')) {
      this.all = true;
      this.explicit = true;
      this.ids.clear();
      this.unknown.clear();
      return;
    }
    if (!this.explicit) {
      this.all = false;
      this.explicit = true;
    }
    for (const n of names) {
      const s = this.vocab.lookup(n);
      // In `all` mode the set holds exclusions: subscribing a sport lifts its exclusion.
      if (this.all) {
        if (s) this.ids.delete(s.canonical);
      } else if (s) this.ids.add(s.canonical);
      else this.unknown.add(n);
    }
  }

  unsubscribe(names: readonly string[]): void {
    this.explicit = true;
    for (const n of names) {
      const s = this.vocab.lookup(n);
      if (!s) {
        this.unknown.delete(n);
        continue;
      }
      if (this.all) this.ids.add(s.canonical);
      else this.ids.delete(s.canonical);
    }
  }

  /** The hub filter; null when nothing can match. */
  filter(): Filter | null {
    if (this.all && this.ids.size === 0) return {};
    const sports = this.all
      ? this.vocab
          .allSports()
          .map((s) => s.canonical)
          .filter((id) => !this.ids.has(id))
      : [...this.ids];
    return sports.length > 0 ? { sports } : null;
  }

  /** Display names followed, or `all`. */
  names(): string[] | 'all' {
    if (this.all && this.ids.size === 0) return 'all';
    const known = this.vocab.allSports();
    const followed = known.filter((s) => this.all !== this.ids.has(s.canonical)).map((s) => s.name);
    return this.all ? followed : [...followed, ...this.unknown];
  }
}
