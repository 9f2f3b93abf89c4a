import { z } from 'zod';
import { limits } from '../limits.js';
import { channel } from './contract-types.js';

/**
 * Drafts: what an agent is typing (a note, a phone ticket) kept in the agent's own cache file, so
 * that a reload, a crash or going offline loses nothing. Saved as the agent types (debounced by the
 * renderer), discarded when the edit went into the outbox or the agent threw it away.
 * Attachments are not part of a draft: their files stay where the agent picked them.
 */

/**
 * What a draft is for, as `kind:subject`: `note:<ticketId>`, `phone-ticket:new`. The renderer
 * chooses it; the main process only keeps it apart per agent.
 */
export const draftKeySchema = z
  .string()
  .min(3)
  .max(120)
  .regex(/^[a-z][a-z-]*:[A-Za-z0-9-]+$/u, 'a draft key is "kind:subject" with letters, digits and dashes');

/** One field's value: text as typed, a number, a choice, a list of ids. */
export const draftValueSchema = z.union([
  z.string().max(limits.articleBodyMaxLength),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(limits.displayNameMaxLength)).max(100),
]);

export const draftFieldsSchema = z
  .record(z.string().min(1).max(64), draftValueSchema)
  .refine((fields) => Object.keys(fields).length <= 40, 'a draft has at most 40 fields');
export type DraftFields = z.infer<typeof draftFieldsSchema>;

export const draftSchema = z.object({
  key: draftKeySchema,
  fields: draftFieldsSchema,
  /** When it was last saved (main process's clock). */
  savedAt: z.iso.datetime({ offset: true }),
});
export type Draft = z.infer<typeof draftSchema>;

export const draftsChannels = {
  /** The draft under `key`, or null when there is none. */
  'drafts.get': channel({ input: z.strictObject({ key: draftKeySchema }), output: z.object({ draft: draftSchema.nullable() }), reasons: ['not-signed-in'] }),
  /** Keeps `fields` under `key`, replacing what was there. */
  'drafts.save': channel({
    input: z.strictObject({ key: draftKeySchema, fields: draftFieldsSchema }),
    output: z.object({ savedAt: z.iso.datetime({ offset: true }) }),
    reasons: ['not-signed-in'],
  }),
  /** Throws the draft away (sent, or discarded by the agent); `discarded` false when there was none. */
  'drafts.discard': channel({ input: z.strictObject({ key: draftKeySchema }), output: z.object({ discarded: z.boolean() }), reasons: ['not-signed-in'] }),
  /** Every draft of the agent, newest first: "you have unsent drafts" and where. */
  'drafts.list': channel({
    input: z.undefined(),
    output: z.object({ drafts: z.array(z.object({ key: draftKeySchema, savedAt: z.iso.datetime({ offset: true }) })) }),
    reasons: ['not-signed-in'],
  }),
};
