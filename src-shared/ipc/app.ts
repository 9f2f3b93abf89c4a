import { z } from 'zod';
import { channel } from './contract-types.js';

export const languageSchema = z.enum(['de', 'en']);
export type Language = z.infer<typeof languageSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  /** Where the Desk talks to Kontor Server; `embedded` when it started its own. */
  server: z.object({ url: z.string(), embedded: z.boolean() }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appChannels = {
  'app.info': channel({ input: z.undefined(), output: appInfoSchema, reasons: [] }),
  /**
   * Opens a web address from a ticket (a link in an e-mail) in the system's browser, after the
   * main process checked it: http(s) only, no user name or password in it. Never a file, never
   * an app's own scheme.
   */
  'app.openExternal': channel({ input: z.strictObject({ url: z.string().min(1).max(4096) }), output: z.object({ opened: z.literal(true) }), reasons: ['unsafe-url', 'open-failed'] }),
};
