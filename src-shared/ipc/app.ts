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
};
