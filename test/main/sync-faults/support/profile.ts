import { seedFrom } from '../../../harness/seeded-random.js';

/** The faults a cycle may bring (docs/testing-faults.md). */
export const faultKinds = ['none', 'cut-to-server', 'cut-to-client', 'drop', 'desk-kill', 'server-stop', 'server-kill'] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultProfile {
  name: 'short' | 'long';
  cycles: number;
  seed: number;
  /** For the test's own timeout. */
  timeoutMs: number;
  /** How likely a cycle ends by waiting until every Desk is quiet (faults then hit idle Desks too). */
  settleChance: number;
}

/** Weights of the long run's faults, drawn per cycle. */
export const longRunWeights: Record<FaultKind, number> = {
  none: 3,
  'cut-to-server': 3,
  'cut-to-client': 3,
  drop: 1,
  'desk-kill': 2,
  'server-stop': 1,
  'server-kill': 1,
};

/**
 * The short run inside `npm test` brings each fault at least once in a shuffled order and
 * stays well under a minute; `npm run test:faults` sets KONTOR_FAULT_PROFILE=long. Either takes
 * KONTOR_FAULT_CYCLES and KONTOR_FAULT_SEED.
 */
export function faultProfile(env: NodeJS.ProcessEnv = process.env): FaultProfile {
  const long = env.KONTOR_FAULT_PROFILE === 'long';
  const cycles = env.KONTOR_FAULT_CYCLES ? Number(env.KONTOR_FAULT_CYCLES) : long ? 500 : 12;
  if (!Number.isSafeInteger(cycles) || cycles < 1) throw new Error(`KONTOR_FAULT_CYCLES must be a positive integer, not ${String(env.KONTOR_FAULT_CYCLES)}`);
  return {
    name: long ? 'long' : 'short',
    cycles,
    seed: seedFrom('KONTOR_FAULT_SEED', env),
    // Under a second a cycle on two cores, with room; the short run must fit in a minute.
    timeoutMs: long ? Math.max(600_000, cycles * 6_000) : 58_000,
    settleChance: long ? 0.25 : 0.15,
  };
}

/** The short run's schedule: every fault once, the rest of the cycles without one, shuffled by the run's random source. */
export function shortRunFaults(cycles: number): FaultKind[] {
  const each = faultKinds.filter((kind) => kind !== 'none');
  return [...each, ...Array.from({ length: Math.max(0, cycles - each.length) }, () => 'none' as const)];
}
