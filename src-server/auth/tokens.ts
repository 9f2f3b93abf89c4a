import { createHash, randomBytes } from 'node:crypto';

/** A new opaque session token: 32 random bytes, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the token. */
export function hashSessionToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

const bearer = /^Bearer ([A-Za-z0-9_-]{43})$/u;

/** The token from an Authorization header, or null when there is none in the expected shape. */
export function bearerToken(header: string | undefined): string | null {
  return header === undefined ? null : (bearer.exec(header.trim())?.[1] ?? null);
}
