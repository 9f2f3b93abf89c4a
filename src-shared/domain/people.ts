import { z } from 'zod';
import { limits } from '../limits.js';
import { permissionsSchema } from '../permissions.js';

/** A stable directory id (entryUUID, objectGUID): people are keyed by it, never by DN. */
export const stableIdSchema = z.string().min(1).max(128);

export const institutionSchema = z.object({
  id: stableIdSchema,
  name: z.string().min(1).max(limits.displayNameMaxLength),
});
export type Institution = z.infer<typeof institutionSchema>;

export const customerUserSchema = z.object({
  id: stableIdSchema,
  username: z.string().min(1),
  displayName: z.string().min(1).max(limits.displayNameMaxLength),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  institution: institutionSchema.nullable(),
});
export type CustomerUser = z.infer<typeof customerUserSchema>;

export const agentSchema = z.object({
  id: stableIdSchema,
  dn: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string().min(1).max(limits.displayNameMaxLength),
  email: z.string().nullable(),
  roles: z.array(z.string().min(1)),
});
export type Agent = z.infer<typeof agentSchema>;

/** Who is signed in, as the server granted it. */
export const signedInAgentSchema = z.object({
  agent: agentSchema,
  permissions: permissionsSchema,
});
export type SignedInAgent = z.infer<typeof signedInAgentSchema>;

/** An agent who may own tickets of a queue's group: what the Desk offers when setting an owner or responsible. */
export const ownerCandidateSchema = agentSchema.pick({ id: true, username: true, displayName: true, email: true });
export type OwnerCandidate = z.infer<typeof ownerCandidateSchema>;

/** `GET /api/v1/queues/:id/owner-candidates`: agents with `ro` and `owner` (or `rw`) on the queue's group, by display name. */
export const ownerCandidatesResponseSchema = z.object({
  queueId: z.uuid(),
  group: z.string().min(1),
  candidates: z.array(ownerCandidateSchema),
});
export type OwnerCandidatesResponse = z.infer<typeof ownerCandidatesResponseSchema>;
