// A dialect as the registry sees it: a name, its own config schema (composed into the server's
// under `dialects.<name>`) and a factory over the core's ports.
import type { z } from 'zod';
import type { DialectDeps } from './core.js';
import type { Dialect } from './dialect.js';

export interface DialectModule<N extends string = string, S extends z.ZodType = z.ZodType> {
  name: N;
  config: S;
  /**
   * The listener this dialect serves on, when its routes would collide with others on the main
   * one; bound at start, on `listeners.<name>` or else the next free port after the main one.
   */
  listener?: string | undefined;
  /** Builds the dialect from its config section (validated again here, so types line up). */
  build(deps: DialectDeps, section: unknown): Dialect;
}

export function defineDialect<N extends string, S extends z.ZodType>(m: {
  name: N;
  config: S;
  listener?: string;
  create(deps: DialectDeps, config: z.output<S>): Dialect;
}): DialectModule<N, S> {
  return {
    name: m.name,
    config: m.config,
    listener: m.listener,
    build: (deps, section) => m.create(deps, m.config.parse(section ?? {})),
  };
}
