import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { eventsCloseCodes } from '../../../src-shared/sync/protocol.js';
import { EventHub } from '../../sync/events/event-hub.js';
import { sessionOf } from '../authenticate.js';
import { ApiHttpError } from '../errors.js';
import type { SyncDependencies } from './sync.js';

/** The figures of docs/api.md "Events": keep them in step. */
export const eventsSettings = {
  maxSocketsPerAgent: 5,
  coalesceMs: 20,
  tickMs: 30_000,
  /** Clients send nothing; a frame larger than this closes the socket (1009). */
  maxPayloadBytes: 1024,
} as const;

/**
 * WebSocket upgrades for the whole app: an upgrade request runs through the same hooks as any
 * other (authentication first), so a missing or invalid token is refused with 401 before the
 * upgrade.
 */
export function registerWebSocketSupport(app: FastifyInstance): void {
  void app.register(fastifyWebsocket, {
    options: { maxPayload: eventsSettings.maxPayloadBytes },
    preClose(done) {
      // Tell clients to come back (to another instance) instead of leaving them to time out.
      for (const client of this.websocketServer.clients) client.close(eventsCloseCodes['server-shutdown'], 'server-shutdown');
      this.websocketServer.close(() => done());
    },
    errorHandler(error, socket, request) {
      // Mostly a client that vanished without a closing handshake: not the server's failure.
      request.log.debug({ err: error }, 'events socket failed');
      socket.terminate();
    },
  });
}

/**
 * `GET /api/v1/events`: a WebSocket that pushes `{type: "changed", seq}` whenever the change
 * feed advances, on whichever instance the change was stamped. The session token travels in the
 * upgrade request's Authorization header.
 */
export function registerEventsRoutes(app: FastifyInstance, deps: SyncDependencies): void {
  const hub = new EventHub({ db: deps.db, now: deps.now, log: app.log, ...eventsSettings });
  app.addHook('onReady', () => hub.start());
  app.addHook('onClose', () => hub.stop());
  // In a plugin of its own so that it is added once @fastify/websocket has loaded: only then
  // does the plugin's onRoute hook turn it into a WebSocket route.
  void app.register((scope, _options, done) => {
    scope.route({
      method: 'GET',
      url: '/api/v1/events',
      handler() {
        throw new ApiHttpError('invalid-request', 'GET /api/v1/events is a WebSocket: send an upgrade request', { status: 426 });
      },
      wsHandler(socket, request) {
        const session = sessionOf(request);
        hub.add(socket, { agentId: session.signedIn.agent.id, tokenHash: session.tokenHash });
      },
    });
    done();
  });
}
