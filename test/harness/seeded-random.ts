import { randomInt } from 'node:crypto';
import { Random } from '../../src-shared/node/bank/random.js';

/**
 * The bank generator's seeded random source (sfc32, src-shared/node/bank/random.ts) for tests
 * that take random decisions: the same numeric seed makes the same decisions, so a failure can
 * be replayed. Adds what the fault tests draw beside it.
 */
export class SeededRandom extends Random {
  constructor(readonly numericSeed: number) {
    super(`kontor-test:${String(numericSeed >>> 0)}`);
  }

  /** A key of `weights`, each as likely as its weight. */
  weightedKey<K extends string>(weights: Readonly<Record<K, number>>): K {
    return this.weighted(Object.entries(weights) as [K, number][]);
  }

  /** A UUID (version 7 layout: the time in front, the rest from this source) for client-made ids. */
  uuid(now: number = Date.now()): string {
    const bytes = new Uint8Array(16);
    for (let index = 0; index < 6; index += 1) bytes[index] = Math.floor(now / 2 ** (8 * (5 - index))) & 0xff;
    for (let index = 6; index < 16; index += 1) bytes[index] = this.uint32() & 0xff;
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** The seed named by `variable` (decimal), or a fresh one; the caller prints it so that the run can be replayed. */
export function seedFrom(variable: string, env: NodeJS.ProcessEnv = process.env): number {
  const given = env[variable];
  if (given === undefined || given === '') return randomInt(1, 2 ** 31);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`${variable} must be a non-negative integer, not ${given}`);
  return seed;
}
