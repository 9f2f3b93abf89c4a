import type { FastifyInstance } from 'fastify';

/**
 * Headers for a JSON API that carries tokens and personal data: nothing is sniffed, framed,
 * cached or sent on as a referrer. HSTS only where the server itself speaks TLS.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { tls: boolean }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.headers({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
      'x-request-id': request.id,
      ...(options.tls ? { 'strict-transport-security': 'max-age=31536000' } : {}),
    });
    return payload;
  });
}
