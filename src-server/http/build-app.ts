import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { limits } from '../../src-shared/limits.js';
import type { Directory } from '../../src-shared/node/directory/types.js';
import type { SessionTimeouts } from '../auth/session-store.js';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';
import type { Sequencer } from '../sync/sequencer.js';
import { registerAuthentication } from './authenticate.js';
import { frameworkErrorHandler, registerErrorHandlers } from './errors.js';
import { redactedLogPaths } from './log-redaction.js';
import { registerWebSocketSupport } from './routes/events.js';
import { registerPortal } from '../portal/routes.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerOwnerCandidateRoutes } from './routes/owner-candidates.js';
import { registerSessionRoutes } from './routes/sessions.js';
import { registerSyncRoutes } from './routes/sync.js';
import { registerTicketRoutes } from './routes/tickets.js';
import { registerSecurityHeaders } from './security-headers.js';
import { HttpTransport, transportLimits, type TlsMaterial } from './transport.js';

export interface HttpDependencies {
  config: ServerConfig;
  db: Database;
  directory: Directory;
  tls: TlsMaterial | null;
  timeouts: SessionTimeouts;
  now: () => Date;
  logStream: NodeJS.WritableStream;
  sequencer: Sequencer;
}

/** The Fastify instance with its hooks and routes, not yet listening. */
export function buildHttpApp(deps: HttpDependencies): FastifyInstance {
  const { config, db, directory, timeouts, now } = deps;
  const tls = deps.tls !== null;
  // Every answer, also those Fastify or Node would write themselves, leaves in the API's format.
  const transport = new HttpTransport({ tls: deps.tls, newRequestId: randomUUID });
  const app = Fastify({
    serverFactory: transport.serverFactory,
    clientErrorHandler: transport.onClientError,
    frameworkErrors: frameworkErrorHandler({ tls, maxPathLength: transportLimits.maxPathLength }),
    logger: { level: config.logging.level, stream: deps.logStream, redact: { paths: redactedLogPaths, censor: '[redacted]' } },
    genReqId: () => randomUUID(),
    bodyLimit: limits.smallBodyBytes,
    routerOptions: { maxParamLength: transportLimits.maxPathLength },
    trustProxy: config.listen.trustedProxies.length > 0 ? config.listen.trustedProxies : false,
    // The transport's first hook answers 503 while closing; Fastify's own 503 has another format.
    return503OnClosing: false,
  });
  transport.register(app);
  // Only JSON is spoken; anything else is refused as 415 instead of reaching a route as text.
  app.removeContentTypeParser('text/plain');
  registerErrorHandlers(app);
  registerSecurityHeaders(app, { tls });
  registerWebSocketSupport(app);
  registerAuthentication(app, { db, timeouts, now });
  registerHealthRoutes(app, { db, directory });
  registerSessionRoutes(app, { db, directory, config, timeouts, now, log: app.log });
  registerSyncRoutes(app, { db, config, now, sequencer: deps.sequencer, directory });
  registerOwnerCandidateRoutes(app, { db });
  registerTicketRoutes(app, { db });
  registerPortal(app, { config, db, directory, timeouts, now, sequencer: deps.sequencer });
  return app;
}
