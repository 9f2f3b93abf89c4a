import type { Random } from './random.js';

/**
 * A UUID in the version-7 layout (RFC 9562): 48 bits of Unix milliseconds, then random bits
 * from the seeded source. Ids sort by the time they were made, as the Desk's client ids do,
 * and the same seed gives the same ids.
 */
export function timeOrderedId(at: Date, random: Random): string {
  const time = at.getTime().toString(16).padStart(12, '0').slice(-12);
  const randomA = random.hex(3);
  const variant = ((random.uint32() & 0x3) | 0x8).toString(16);
  const randomB = random.hex(15);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomA}-${variant}${randomB.slice(0, 3)}-${randomB.slice(3, 15)}`;
}
