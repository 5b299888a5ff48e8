// The one list of dialects. Adding a dialect = its folder + one line here; the server's config
// schema and the composition root both read this list.
import { nativeModule } from './native/index.js';
import { parlayModule } from './parlay/index.js';
import { polymarketModule } from './polymarket/index.js';
import { rapidoddsModule } from './rapidodds/index.js';
import { therundownModule } from './therundown/index.js';
import { tickoddsModule } from './tickodds/index.js';

export const DIALECTS = [
  nativeModule,
  therundownModule,
  rapidoddsModule,
  tickoddsModule,
  parlayModule,
  polymarketModule,
] as const;
