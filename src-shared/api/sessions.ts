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
] as const;
export type ApiReason = (typeof apiReasons)[number] | LoginFailureReason;

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.enum(['postgres', 'pglite']),
});
