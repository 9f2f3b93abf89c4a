import { z } from 'zod';
import { limits } from '../limits.js';
import { channel } from './contract-types.js';

/**
 * Desktop notifications (docs/notifications.md): the main process decides what is worth a notice
 * (a new ticket in a watched queue, a reminder that came due, a clock of the agent's own ticket in
 * warning) and the host shows it: Electron with its own `Notification`, the browser host by
 * pushing `notifications.show` to the renderer, which shows a web notification.
 */

/** What a notice is about. */
export const noticeKinds = ['new-ticket', 'reminder', 'clock-warning'] as const;
export const noticeKindSchema = z.enum(noticeKinds);
export type NoticeKind = z.infer<typeof noticeKindSchema>;

/** Languages the main process writes notices in (the renderer tells it the agent's). */
export const noticeLanguageSchema = z.enum(['de', 'en']);
export type NoticeLanguage = z.infer<typeof noticeLanguageSchema>;

/** One notice, as the host shows it; clicking it opens the ticket. */
export const deskNoticeSchema = z.object({
  /** Stable per event (`ticket:<id>`, `reminder:<id>:<instant>`, `clock:<id>:<clock>`): the same event is never shown twice. */
  tag: z.string().min(1).max(200),
  kind: noticeKindSchema,
  ticketId: z.uuid(),
  title: z.string().min(1).max(limits.ticketTitleMaxLength + 100),
  body: z.string().max(limits.ticketTitleMaxLength + 200),
});
export type DeskNotice = z.infer<typeof deskNoticeSchema>;

/** A queue the agent may read, and whether they watch it for new tickets. */
export const watchedQueueSchema = z.object({ queueId: z.uuid(), name: z.string(), watched: z.boolean() });

export const notificationSettingsSchema = z.object({
  /** Which kinds of notice are on; all on until the agent switches one off. */
  kinds: z.object({ 'new-ticket': z.boolean(), reminder: z.boolean(), 'clock-warning': z.boolean() }),
  /** Every queue the agent may read, by name; none watched until the agent chooses. */
  queues: z.array(watchedQueueSchema),
  language: noticeLanguageSchema,
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const notificationsChannels = {
  /** The agent's notification settings, kept in their cache file. */
  'notifications.settings': channel({ input: z.undefined(), output: notificationSettingsSchema, reasons: ['not-signed-in'] }),
  /** Watches a queue for new tickets, or stops watching it; `not-found` for a queue the agent cannot read. */
  'notifications.setWatch': channel({
    input: z.strictObject({ queueId: z.uuid(), watched: z.boolean() }),
    output: notificationSettingsSchema,
    reasons: ['not-signed-in', 'not-found'],
  }),
  /** Switches one kind of notice on or off. */
  'notifications.setKind': channel({
    input: z.strictObject({ kind: noticeKindSchema, enabled: z.boolean() }),
    output: notificationSettingsSchema,
    reasons: ['not-signed-in'],
  }),
  /** The language the agent reads the Desk in: notices are written in it. */
  'notifications.setLanguage': channel({
    input: z.strictObject({ language: noticeLanguageSchema }),
    output: notificationSettingsSchema,
    reasons: ['not-signed-in'],
  }),
};

export const notificationsEvents = {
  /** Browser host: show this notice with the web Notification API. */
  'notifications.show': deskNoticeSchema,
  /** The agent clicked a notice the host showed itself (Electron): open the ticket. */
  'notifications.open': z.object({ ticketId: z.uuid() }),
};
