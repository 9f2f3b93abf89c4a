import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The salted hashes OpenLDAP stores in userPassword. The demo directory is written with
 * {SSHA} so that slapd and the LDIF directory verify the very same values.
 */
const schemes = { SSHA: { algorithm: 'sha1', digestLength: 20 }, SSHA512: { algorithm: 'sha512', digestLength: 64 } } as const;
type Scheme = keyof typeof schemes;

export function hashSsha(password: string, salt: Buffer, scheme: Scheme = 'SSHA'): string {
  const { algorithm } = schemes[scheme];
  const digest = createHash(algorithm).update(password, 'utf8').update(salt).digest();
  return `{${scheme}}${Buffer.concat([digest, salt]).toString('base64')}`;
}

/** True when `password` matches a stored {SSHA} or {SSHA512} value; any other scheme (cleartext among them) never matches. */
export function verifyPassword(password: string, stored: string): boolean {
  const match = /^\{(SSHA|SSHA512)\}([A-Za-z0-9+/=]+)$/iu.exec(stored);
  if (!match?.[1] || !match[2]) return false;
  const scheme = match[1].toUpperCase() as Scheme;
  const { algorithm, digestLength } = schemes[scheme];
  const decoded = Buffer.from(match[2], 'base64');
  if (decoded.length <= digestLength) return false;
  const expected = decoded.subarray(0, digestLength);
  const salt = decoded.subarray(digestLength);
  const actual = createHash(algorithm).update(password, 'utf8').update(salt).digest();
  return timingSafeEqual(actual, expected);
}
