import { z } from 'zod';
import { limits } from '../limits.js';
import { agentSchema } from '../domain/people.js';
import { permissionsSchema } from '../permissions.js';

/** Why a login was refused. One reason for a wrong password and an unknown user. */
export const loginFailureReasons = [
  'invalid-credentials',
  'empty-password',
  'no-agent-role',
  'password-expired',
  'account-locked',
  'account-disabled',
  'too-many-attempts',
  'directory-unavailable',
] as const;
export const loginFailureReasonSchema = z.enum(loginFailureReasons);
export type LoginFailureReason = z.infer<typeof loginFailureReasonSchema>;

export const loginRequestSchema = z.strictObject({
  username: z.string().max(limits.usernameMaxLength),
  password: z.string().max(limits.passwordMaxLength),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  token: z.string().min(32),
  /** Absolute expiry; the idle expiry moves with every authenticated request. */
  expiresAt: z.iso.datetime(),
  idleTimeoutSeconds: z.number().int().positive(),
  agent: agentSchema,
  permissions: permissionsSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** Every error body of the HTTP API. */
export const apiErrorSchema = z.object({
  reason: z.string().min(1),
  message: z.string(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Reasons the HTTP API uses beside the login reasons. */
export const apiReasons = [
  'invalid-request',
  'unauthenticated',
  'session-expired',
  'not-found',
  'internal-error',
  /** PostgreSQL cannot be reached or dropped the connection: send the same request again after Retry-After. */
  'database-unavailable',
] as const;
export type ApiReason = (typeof apiReasons)[number] | LoginFailureReason;

/** One readiness check: whether it passed, and what failed if not (no internals). */
export const healthCheckSchema = z.object({ ok: z.boolean(), message: z.string().optional() });

/**
 * `GET /api/v1/health` (and `/api/v1/health/ready`): readiness, 200 with `ok` when the instance can
 * serve (database reachable, its migrations those of this server, directory reachable), 503
 * with `unavailable` otherwise, so that a load balancer stops sending it traffic.
 */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  version: z.string(),
  database: z.enum(['postgres', 'pglite']),
  checks: z.object({ database: healthCheckSchema, migrations: healthCheckSchema, directory: healthCheckSchema }),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** `GET /api/v1/health/live`: the process is up and answers; touches nothing outside it. */
export const livenessResponseSchema = z.object({ status: z.literal('ok'), version: z.string() });
