/**
 * A UUID in the version-7 layout of RFC 9562: 48 bits of Unix milliseconds, the version, 12
 * random bits, the variant, 62 random bits. `random` supplies the 10 random bytes (the caller's
 * `crypto.getRandomValues`: this module runs in the Desk's renderer, the portal and Node alike).
 *
 * ARCHITECTURE.md "Flows": what a client creates carries an id of this kind, which the server
 * keeps as the primary key. Ids made later sort after earlier ones, so that rows are added at the
 * end of the indexes keyed by them and a snapshot read in id order reads rows in the order they
 * were written (docs/decisions/time-ordered-ids.md).
 */
export function timeOrderedUuid(unixMs: number, random: Uint8Array): string {
  if (!Number.isSafeInteger(unixMs) || unixMs < 0 || unixMs >= 2 ** 48) throw new RangeError(`timeOrderedUuid: ${String(unixMs)} is not a Unix time in milliseconds`);
  if (random.length < 10) throw new RangeError(`timeOrderedUuid: 10 random bytes needed, ${String(random.length)} given`);
  const bytes = new Uint8Array(16);
  let time = unixMs;
  for (let index = 5; index >= 0; index -= 1) {
    bytes[index] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes.set(random.subarray(0, 10), 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
