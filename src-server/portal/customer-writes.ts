import { randomBytes } from 'node:crypto';
import { DirectoryUnavailableError } from '../../src-shared/node/directory/types.js';
import type { PortalClose, PortalCreateTicket, PortalFollowUp, PortalUpload, PortalWriteResult } from '../../src-shared/portal/api.js';
import type { MutationResult } from '../../src-shared/sync/protocol.js';
import type { Queryable } from '../db/database.js';
import type { CustomerActor } from '../sync/mutations/actor.js';
import { applyCustomerMutations, type MutationDependencies } from '../sync/mutations/dispatcher.js';
import type { CustomerSession } from './customer-sessions.js';
import { customerTicketStanding } from './customer-tickets.js';
import { noSuchTicket, PortalHttpError } from './portal-errors.js';

/**
 * A customer's writes (docs/portal.md, "What a customer does"): each one mutation of the
 * catalogue, applied by the same dispatcher as an agent's with the customer as the actor, so
 * that permissions, history, SLA clocks, mails and the feed to the Desks are the agents' own.
 * The request's id is the mutation id: a request sent twice applies once.
 */

/** A UUIDv7 (time-ordered, as the Desk's client-generated ids are) for the ids the server makes. */
export function uuidV7(now: Date): string {
  const bytes = randomBytes(16);
  const time = BigInt(now.getTime());
  for (let index = 0; index < 6; index += 1) bytes[index] = Number((time >> BigInt(8 * (5 - index))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function actorOf(customer: CustomerSession): CustomerActor {
  return { kind: 'customer', customerUserId: customer.customerUserId, institutionId: customer.institutionId, displayName: customer.displayName, via: 'portal' };
}

function uploads(attachments: readonly PortalUpload[], now: Date): Record<string, unknown>[] {
  return attachments.map((attachment) => ({ id: uuidV7(now), ...attachment }));
}

function customerArticle(subject: string, body: string, attachments: readonly PortalUpload[], now: Date): Record<string, unknown> {
  return { articleId: uuidV7(now), channel: 'portal', visibility: 'customer-visible', sender: 'customer', subject, body, attachments: uploads(attachments, now) };
}

export interface WriteDependencies {
  db: Queryable;
  mutations: MutationDependencies;
  now: () => Date;
}

/** Opens a ticket; its id is the request's id, so that a repeated request answers with the same ticket. */
export async function createCustomerTicket(deps: WriteDependencies, customer: CustomerSession, input: Required<PortalCreateTicket>): Promise<PortalWriteResult> {
  const now = deps.now();
  const args = {
    ticketId: input.requestId,
    queueId: input.queueId,
    title: input.title,
    type: input.type,
    customerUserId: customer.customerUserId,
    article: customerArticle(input.title, input.body, input.attachments, now),
  };
  await applyOne(deps, customer, { id: input.requestId, name: 'ticket.create', args, baseVersion: null }, now);
  return writtenTicket(deps.db, customer, input.requestId);
}

/** A follow-up on one of the institution's tickets; a closed ticket reopens (the dispatcher's rule for customer articles). */
export async function addCustomerFollowUp(deps: WriteDependencies, customer: CustomerSession, ticketId: string, input: Required<PortalFollowUp>): Promise<PortalWriteResult> {
  if ((await customerTicketStanding(deps.db, customer, ticketId)) === null) throw noSuchTicket();
  const now = deps.now();
  const args = { ticketId, article: customerArticle('', input.body, input.attachments, now) };
  await applyOne(deps, customer, { id: input.requestId, name: 'ticket.addArticle', args, baseVersion: null }, now);
  return writtenTicket(deps.db, customer, ticketId);
}

/** Closes the customer's own request, where the bank allows it, from the version they saw. */
export async function closeCustomerTicket(deps: WriteDependencies, customer: CustomerSession, ticketId: string, input: Required<PortalClose>): Promise<PortalWriteResult> {
  if ((await customerTicketStanding(deps.db, customer, ticketId)) === null) throw noSuchTicket();
  const now = deps.now();
  const state = input.outcome === 'successful' ? 'closed-successful' : 'closed-unsuccessful';
  await applyOne(deps, customer, { id: input.requestId, name: 'ticket.setState', args: { ticketId, state, pendingUntil: null }, baseVersion: input.version }, now);
  return writtenTicket(deps.db, customer, ticketId);
}

async function writtenTicket(db: Queryable, customer: CustomerSession, ticketId: string): Promise<PortalWriteResult> {
  const standing = await customerTicketStanding(db, customer, ticketId);
  if (standing === null) throw noSuchTicket();
  return { ticketId, number: standing.number };
}

async function applyOne(deps: WriteDependencies, customer: CustomerSession, mutation: { id: string; name: string; args: unknown; baseVersion: number | null }, now: Date): Promise<void> {
  let results: MutationResult[];
  try {
    results = await applyCustomerMutations(deps.mutations, actorOf(customer), { clientId: customer.clientId, mutations: [mutation] }, now);
  } catch (error) {
    if (error instanceof DirectoryUnavailableError) throw new PortalHttpError('directory-unavailable', 'The service cannot be reached right now. Try again later; nothing was lost.');
    throw error;
  }
  const [result] = results;
  if (result === undefined) throw new Error('the dispatcher answered no result for one mutation');
  refusalOf(result);
}

/** Throws the portal's answer for a mutation that did not apply. */
function refusalOf(result: MutationResult): void {
  if (result.status === 'applied') return;
  if (result.status === 'conflict') throw new PortalHttpError('conflict', 'The ticket has changed meanwhile. Look at it again, then try once more.');
  switch (result.reason) {
    case 'not-found':
      throw noSuchTicket();
    case 'permission-denied':
      throw new PortalHttpError('permission-denied', result.message);
    case 'invalid-args':
      throw new PortalHttpError('invalid-args', result.message);
    case 'locked-by-other':
    case 'invalid-transition':
    case 'already-exists':
    case 'held-back':
      throw new PortalHttpError('conflict', result.message);
    case 'unknown-mutation':
      throw new Error(`the dispatcher does not know a portal mutation: ${result.message}`);
  }
}
