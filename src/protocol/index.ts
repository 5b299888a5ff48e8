// linecast.v1 for clients: types and pure helpers with no runtime dependency. Filter matching and
// quote keys are the server's own functions, so a client files a Change exactly as the server
// does. The server's command schemas are in schemas.ts (zod), imported by the native dialect only.
export {
  type CompiledFilter,
  compileFilter,
  matchesEvent,
  matchesQuote,
} from '../model/filter.js';
export { isInPlay, quoteKeyString } from '../model/types.js';
export * from './frames.js';
export * from './position.js';
export type * from './types.js';
