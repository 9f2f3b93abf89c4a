import type { FastifyInstance } from 'fastify';

/**
 * Headers for a JSON API that carries tokens and personal data: nothing is sniffed, framed,
 * cached or sent on as a referrer. HSTS only where the server itself speaks TLS. One list for
 * every answer, also those written before or outside Fastify's hooks (see transport.ts).
 */
export function securityHeaders(requestId: string, options: { tls: boolean }): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
    'x-request-id': requestId,
    ...(options.tls ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Sets `securityHeaders` on every answer that passes Fastify's onSend hooks. */
export function registerSecurityHeaders(app: FastifyInstance, options: { tls: boolean }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.headers(securityHeaders(request.id, options));
    return payload;
  });
}
