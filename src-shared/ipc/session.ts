import { z } from 'zod';
import { loginFailureReasons } from '../api/sessions.js';
import { signedInAgentSchema } from '../domain/people.js';
import { limits } from '../limits.js';
import { cacheOpenFailures, cacheRebuiltSchema } from './cache.js';
import { channel } from './contract-types.js';

export const sessionStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signed-out') }),
  z.object({
    state: z.literal('signed-in'),
    signedIn: signedInAgentSchema,
    /** The Desk's own LDAP session, used for live look-ups under the agent's rights. */
    directory: z.enum(['connected', 'reconnecting']),
    /**
     * True when the server could not be reached and the agent opened their cache with the
     * offline password check: the cache reads and edits work, nothing syncs until they sign in again.
     */
    unlockedOffline: z.boolean(),
    /** The cache file was found damaged at sign-in and made afresh; null otherwise (cache-recovery.ts). */
    cacheRebuilt: cacheRebuiltSchema.nullable(),
  }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

/** Login as the Desk sees it: the server's reasons plus what can fail on the way. */
export const deskLoginReasons = [
  ...loginFailureReasons,
  'server-unreachable',
  'invalid-input',
  /** The server cannot be reached and the last online sign-in is older than the offline limit allows. */
  'offline-expired',
  ...cacheOpenFailures,
] as const;
export type DeskLoginReason = (typeof deskLoginReasons)[number];

export const loginInputSchema = z.strictObject({
  username: z.string().max(limits.usernameMaxLength),
  password: z.string().max(limits.passwordMaxLength),
});

export const sessionChannels = {
  'session.current': channel({ input: z.undefined(), output: sessionStateSchema, reasons: [] }),
  'session.login': channel({ input: loginInputSchema, output: sessionStateSchema, reasons: deskLoginReasons }),
  'session.logout': channel({ input: z.undefined(), output: sessionStateSchema, reasons: [] }),
};
