// The admission checks against the probe dialect, which declares every admission feature.
import { DIALECTS } from '../dialects/registry.js';
import { runAdmissionConformance } from './admission.js';
import { PROBE, PROBE_POOL_CAP, probeModule, SIGNED_PATH } from './probe.js';

runAdmissionConformance({
  dialect: PROBE,
  modules: [...DIALECTS, probeModule],
  ws: {
    path: (sport) => `/probe/ws/${sport}`,
    good: 'hockey',
    bad: 'curling',
    echo: (frame) => {
      const f = JSON.parse(frame) as { sport: string; account: string };
      return { param: f.sport, account: f.account };
    },
    refusals: {
      missingKey: { close: 4003 },
      unknownKey: { close: 1008 },
      forbiddenPlan: { close: 4001 },
      badParam: { close: 4000 },
    },
    queryKey: 'apiKey',
    header: 'X-API-Key',
    subprotocolPrefix: 'apikey.',
  },
  pool: {
    sse: (sport) => `/probe/sse/${sport}`,
    cap: PROBE_POOL_CAP,
    wsOverCap: { close: 4002 },
    sseOverCap: 429,
  },
  signed: {
    path: SIGNED_PATH,
    keyHeader: 'X-PM-Access-Key',
    timestampHeader: 'X-PM-Timestamp',
    signatureHeader: 'X-PM-Signature',
  },
});
