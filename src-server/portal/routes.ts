import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { attachmentDisposition } from '../../src-shared/node/content-disposition.js';
import type { Directory } from '../../src-shared/node/directory/types.js';
import {
  portalBodyMaxBytes,
  portalCloseSchema,
  portalCreateTicketSchema,
  portalFollowUpSchema,
  portalMeSchema,
  portalSignInRequestSchema,
  portalTicketListQuerySchema,
  portalTicketListSchema,
  portalTicketSchema,
  portalWriteResultSchema,
  type PortalMe,
} from '../../src-shared/portal/api.js';
import { recordAudit } from '../auth/audit.js';
import { hashSessionToken } from '../auth/tokens.js';
import type { SessionTimeouts } from '../auth/session-store.js';
import { describeIssues } from '../config/issues.js';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { readAttachmentContent } from '../domain/attachments.js';
import { safeContentType } from '../http/routes/attachments.js';
import type { Sequencer } from '../sync/sequencer.js';
import { mutationDependencies } from '../sync/mutations/dependencies.js';
import { clearedCookie, cookiePolicyFor, sessionCookie, tokenFromCookies } from './cookie.js';
import { revokeCustomerSession, type CustomerSession } from './customer-sessions.js';
import { findCustomerAttachment, listCustomerTickets, readCustomerTicket } from './customer-tickets.js';
import { addCustomerFollowUp, closeCustomerTicket, createCustomerTicket, type WriteDependencies } from './customer-writes.js';
import { customerOf, registerCustomerGuards } from './guards.js';
import { noSuchAttachment, noSuchTicket, PortalHttpError, registerPortalErrorHandler } from './portal-errors.js';
import { signInCustomer } from './sign-in.js';
import { registerPortalPages } from './pages.js';
import { requestLimiter } from './request-limits.js';
import { defaultPortalDirectory, readPortalFiles } from './static-files.js';

export interface PortalDependencies {
  config: ServerConfig;
  db: Database;
  directory: Directory;
  timeouts: SessionTimeouts;
  now: () => Date;
  sequencer: Sequencer;
  /** The built portal's folder; absent: found beside the server (static-files.ts). */
  portalDirectory?: string | null;
}

/** Portal routes pass the agents' token check (`access: 'public'`) and meet the customer guard instead. */
const open = { config: { access: 'public', portal: 'open' } } as const;
const customer = { config: { access: 'public', portal: 'customer' } } as const;

const idParams = z.object({ id: z.uuid() });

function parse<Schema extends z.ZodType>(schema: Schema, value: unknown, where: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new PortalHttpError('invalid-request', describeIssues(result.error, where));
  return result.data;
}

/** A ticket id from the path; a malformed one is answered like an unknown one. */
function ticketIdOf(request: FastifyRequest): string {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw noSuchTicket();
  return params.data.id;
}

/**
 * The customer portal under `/portal/` (docs/portal.md): the built app's pages and its JSON API
 * under `/portal/api/`, in a Fastify context of its own, so that its error format, cookie guard
 * and page headers stay inside it while the server's security headers, transport limits and
 * error handling still apply.
 */
export function registerPortal(app: FastifyInstance, deps: PortalDependencies): void {
  const cookie = cookiePolicyFor(deps.config.listen);
  const files = readPortalFiles(deps.portalDirectory === undefined ? defaultPortalDirectory() : deps.portalDirectory);
  const mutations = mutationDependencies({ config: deps.config, db: deps.db, directory: deps.directory, stampChanges: () => deps.sequencer.stamp() });
  const writes: WriteDependencies = { db: deps.db, mutations, now: deps.now };
  const policy = deps.config.customers;
  const limitRequests = requestLimiter(deps.db, policy.rateLimits, deps.now);
  // Counted after the body is read, so that the browser gets the 429 rather than a connection cut mid-upload.
  const write = { ...customer, preHandler: async (request: FastifyRequest) => limitRequests(customerOf(request).customerUserId, 'write') };

  void app.register(
    (portal, _options, done) => {
      registerPortalErrorHandler(portal);
      registerCustomerGuards(portal, { db: deps.db, timeouts: deps.timeouts, now: deps.now, cookie });
      registerPortalPages(portal, files, open);

      const meOf = async (session: CustomerSession): Promise<PortalMe> => {
        const queues = await deps.db.query<{ id: string; name: string }>('SELECT id, name FROM queues WHERE name = ANY($1::text[]) AND valid ORDER BY name', [policy.queues]);
        return portalMeSchema.parse({
          customer: { id: session.customerUserId, username: session.username, displayName: session.displayName },
          institution: { id: session.institutionId, name: session.institutionName },
          queues: queues.rows,
          mayClose: policy.mayClose,
          expiresAt: session.expiresAt.toISOString(),
          idleTimeoutSeconds: Math.round(deps.timeouts.idleMs / 1000),
        });
      };

      portal.post('/api/session', open, async (request, reply) => {
        const body = parse(portalSignInRequestSchema, request.body, 'body');
        const previousToken = tokenFromCookies(request.headers.cookie, cookie);
        const origin = { address: request.ip, previousTokenHash: previousToken === null ? null : hashSessionToken(previousToken) };
        const outcome = await signInCustomer({ ...deps, log: request.log }, body, origin);
        if (!outcome.ok) throw new PortalHttpError(outcome.reason, outcome.message, outcome.retryAfterSeconds);
        void reply.header('set-cookie', sessionCookie(cookie, outcome.token, outcome.expiresAt, deps.now()));
        return reply.code(204).send();
      });

      portal.delete('/api/session', customer, async (request, reply) => {
        const session = customerOf(request);
        const now = deps.now();
        await deps.db.transaction(async (tx) => {
          await revokeCustomerSession(tx, session.tokenHash, now);
          await recordAudit(tx, { event: 'logout', occurredAt: now, actorId: session.customerUserId, username: session.username, address: request.ip, outcome: 'success', detail: { actor: 'customer' } });
        });
        return reply.header('set-cookie', clearedCookie(cookie)).code(204).send();
      });

      portal.get('/api/me', customer, async (request) => meOf(customerOf(request)));

      portal.get('/api/tickets', customer, async (request) => {
        const query = parse(portalTicketListQuerySchema, request.query, 'query');
        // Only a search reads articles; the plain lists by filter are what every page load asks.
        if (query.q !== '') await limitRequests(customerOf(request).customerUserId, 'search');
        return portalTicketListSchema.parse(await listCustomerTickets(deps.db, customerOf(request), query));
      });

      portal.get('/api/tickets/:id', customer, async (request) => {
        const ticket = await readCustomerTicket(deps.db, customerOf(request), policy, ticketIdOf(request));
        if (ticket === null) throw noSuchTicket();
        return portalTicketSchema.parse(ticket);
      });

      const writeOptions = { ...write, bodyLimit: portalBodyMaxBytes };
      portal.post('/api/tickets', writeOptions, async (request, reply) => {
        const input = parse(portalCreateTicketSchema, request.body, 'body');
        const written = await createCustomerTicket(writes, customerOf(request), input);
        return reply.code(201).send(portalWriteResultSchema.parse(written));
      });

      portal.post('/api/tickets/:id/articles', writeOptions, async (request, reply) => {
        const ticketId = ticketIdOf(request);
        const input = parse(portalFollowUpSchema, request.body, 'body');
        return reply.code(201).send(portalWriteResultSchema.parse(await addCustomerFollowUp(writes, customerOf(request), ticketId, input)));
      });

      portal.post('/api/tickets/:id/close', write, async (request) => {
        const ticketId = ticketIdOf(request);
        const input = parse(portalCloseSchema, request.body, 'body');
        return portalWriteResultSchema.parse(await closeCustomerTicket(writes, customerOf(request), ticketId, input));
      });

      portal.get('/api/attachments/:id', customer, async (request, reply) => downloadAttachment(deps.db, customerOf(request), request, reply));

      // Anything else below /portal/api/ is an unknown call, never the app's page.
      portal.all('/api/*', open, () => {
        throw new PortalHttpError('not-found', 'No call of the portal API answers this method and path.');
      });
      done();
    },
    { prefix: '/portal' },
  );
}

async function downloadAttachment(db: Database, session: CustomerSession, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw noSuchAttachment();
  const meta = await findCustomerAttachment(db, session, params.data.id);
  if (meta === null) throw noSuchAttachment();
  const content = await readAttachmentContent(db, meta.id);
  if (!content) throw noSuchAttachment();
  return reply
    .header('content-type', safeContentType(meta.contentType))
    .header('content-disposition', attachmentDisposition(meta.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-length', String(content.length))
    .send(content);
}
