// Every target the harness knows, by name: the baselines and Linecast's. Apart from the target
// types (targets.ts), so a target module can import those without importing the list of itself.
import { baselineTargets } from './baselines/targets.js';
import { linecastTargets } from './linecast/target.js';
import type { Target } from './targets.js';

export const targets: readonly Target[] = [...baselineTargets, ...linecastTargets];

export function findTarget(name: string): Target {
  const t = targets.find((x) => x.name === name);
  if (!t)
    throw new Error(`unknown target ${name}; known: ${targets.map((x) => x.name).join(', ')}`);
  return t;
}
