import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../src-server/config.js';
import { clearedCookie, cookiePolicyFor, sessionCookie, tokenFromCookies } from '../../../src-server/portal/cookie.js';

// Which cookie a server hands out depends on how it listens: Secure everywhere but plain HTTP on loopback.
describe('portal session cookie', () => {
  const token = 'A'.repeat(43);
  const now = new Date('2026-03-02T08:00:00Z');
  const expires = new Date('2026-03-02T20:00:00Z');
  const listen = (changes: Partial<ServerConfig['listen']> = {}): ServerConfig['listen'] => ({ host: '127.0.0.1', port: 0, trustedProxies: [], ...changes });

  it('is Secure with the __Host- prefix behind TLS, on a non-loopback host and behind a trusted proxy', () => {
    for (const section of [listen({ tls: { certFile: 'c', keyFile: 'k' } }), listen({ host: '0.0.0.0' }), listen({ trustedProxies: ['127.0.0.1'] })]) {
      const policy = cookiePolicyFor(section);
      expect(sessionCookie(policy, token, expires, now)).toBe(`__Host-kontor-portal=${token}; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure`);
    }
  });

  it('is not Secure on loopback plain HTTP, where a browser would refuse to store it', () => {
    const policy = cookiePolicyFor(listen());
    expect(sessionCookie(policy, token, expires, now)).toBe(`kontor-portal=${token}; Path=/portal; Max-Age=43200; HttpOnly; SameSite=Strict`);
    expect(clearedCookie(policy)).toBe('kontor-portal=; Path=/portal; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  it('reads only a token of the expected shape from the Cookie header', () => {
    const policy = cookiePolicyFor(listen());
    expect(tokenFromCookies(`a=b; kontor-portal=${token}; c=d`, policy)).toBe(token);
    expect(tokenFromCookies('kontor-portal=short', policy)).toBeNull();
    expect(tokenFromCookies(`other=${token}`, policy)).toBeNull();
    expect(tokenFromCookies(undefined, policy)).toBeNull();
  });
});
