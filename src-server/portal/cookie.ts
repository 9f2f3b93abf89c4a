import { isLoopbackHost } from '../config/loopback.js';
import type { ServerConfig } from '../config.js';

/**
 * How the portal's session cookie is written (docs/portal.md, "Cookie"): HttpOnly, SameSite=Strict,
 * and Secure unless the server speaks plain HTTP on a loopback address with no proxy in front
 * (the embedded default and the tests), where a browser would drop a Secure cookie. Secure
 * cookies take the `__Host-` prefix, which pins them to this host and path `/`.
 */
export interface CookiePolicy {
  name: string;
  secure: boolean;
  path: string;
}

export function cookiePolicyFor(listen: ServerConfig['listen']): CookiePolicy {
  const secure = listen.tls !== undefined || !isLoopbackHost(listen.host) || listen.trustedProxies.length > 0;
  return secure ? { name: '__Host-kontor-portal', secure, path: '/' } : { name: 'kontor-portal', secure, path: '/portal' };
}

/** The Set-Cookie value that hands out a session token, expiring with the session's absolute expiry. */
export function sessionCookie(policy: CookiePolicy, token: string, expiresAt: Date, now: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return [`${policy.name}=${token}`, `Path=${policy.path}`, `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Strict', ...(policy.secure ? ['Secure'] : [])].join('; ');
}

/** The Set-Cookie value that removes the session cookie from the browser. */
export function clearedCookie(policy: CookiePolicy): string {
  return [`${policy.name}=`, `Path=${policy.path}`, 'Max-Age=0', 'HttpOnly', 'SameSite=Strict', ...(policy.secure ? ['Secure'] : [])].join('; ');
}

const tokenPattern = /^[A-Za-z0-9_-]{43}$/u;

/** The session token from a Cookie header, or null when there is none in the expected shape. */
export function tokenFromCookies(header: string | undefined, policy: CookiePolicy): string | null {
  if (header === undefined) return null;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== policy.name) continue;
    const value = pair.slice(separator + 1).trim();
    return tokenPattern.test(value) ? value : null;
  }
  return null;
}
