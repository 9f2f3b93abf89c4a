import type { z } from 'zod';
import { portalErrorSchema, portalRequestHeader, type PortalReason } from '../../src-shared/portal/api.js';

/** A refused or failed portal request: the server's reason, or `network` when no answer came. */
export class PortalRequestError extends Error {
  constructor(
    readonly reason: PortalReason | 'network',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const apiBase = '/portal/api';

/**
 * One call of the portal API. State-changing calls carry the portal header (the server refuses
 * them without it, docs/portal.md); the session cookie goes along by itself (same origin). Every
 * answer is parsed with its schema before anyone reads it.
 */
export async function callPortal<Schema extends z.ZodType>(path: string, schema: Schema | null, init: { method?: string; body?: unknown } = {}): Promise<z.output<Schema> | null> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers[portalRequestHeader.name] = portalRequestHeader.value;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    throw new PortalRequestError('network', 'no answer from the server');
  }
  if (!response.ok) throw await errorOf(response);
  if (schema === null || response.status === 204) return null;
  return schema.parse(await response.json());
}

async function errorOf(response: Response): Promise<PortalRequestError> {
  try {
    const body = portalErrorSchema.parse(await response.json());
    return new PortalRequestError(body.reason, body.message, body.retryAfterSeconds);
  } catch {
    return new PortalRequestError(response.status >= 500 ? 'internal-error' : 'invalid-request', `HTTP ${response.status}`);
  }
}

/** Whether an error means "sign in (again)". */
export function isSignedOut(error: unknown): boolean {
  return error instanceof PortalRequestError && (error.reason === 'unauthenticated' || error.reason === 'session-expired');
}
