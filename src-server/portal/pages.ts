import type { FastifyInstance, FastifyReply } from 'fastify';
import { cacheControl, portalContentSecurityPolicy, type PortalFiles } from './static-files.js';

type OpenRoute = { readonly config: { readonly access: 'public'; readonly portal: 'open' } };

/**
 * The portal's pages: index.html for `/portal/` and every client-side path below it (the app
 * routes itself), the hashed assets under `/portal/assets/`. Their own CSP and cache headers are
 * set in a route-level onSend hook, which runs after the server's, so that the API's strict
 * headers stay on every other answer.
 */
export function registerPortalPages(portal: FastifyInstance, files: PortalFiles | null, open: OpenRoute): void {
  const pageHeaders = (kind: 'page' | 'asset') => ({
    ...open,
    onSend: (_request: unknown, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
      void reply.header('content-security-policy', portalContentSecurityPolicy).header('cache-control', cacheControl[kind]);
      done(null, payload);
    },
  });

  const sendIndex = (reply: FastifyReply): FastifyReply => {
    if (files === null) return reply.code(503).type('text/plain; charset=utf-8').send('The customer portal is not built on this server (vite build -c vite.portal.config.ts).');
    return reply.type('text/html; charset=utf-8').send(files.index);
  };

  portal.get('/', pageHeaders('page'), (_request, reply) => sendIndex(reply));
  portal.get('/*', pageHeaders('page'), (_request, reply) => sendIndex(reply));
  portal.get('/assets/:file', pageHeaders('asset'), (request, reply) => {
    const { file } = request.params as { file: string };
    const asset = files?.assets.get(file);
    if (asset === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('No such file.');
    return reply.type(asset.contentType).send(asset.content);
  });
}
