import type Database from 'better-sqlite3';
import { noticeKinds, type NoticeKind, type NoticeLanguage } from '../../src-shared/ipc/notifications.js';

/** Log entries of tickets and reminders are kept this long; a clock's entry lives as long as its warning. */
const logRetentionMs = 90 * 24 * 3_600_000;

/**
 * The agent's notification settings and the log of events already told, in their cache file
 * (tables of migration 0010). One store per open cache connection.
 */
export class NotificationStore {
  private readonly watchedIds: Database.Statement;
  private readonly watch: Database.Statement;
  private readonly unwatch: Database.Statement;
  private readonly readSetting: Database.Statement;
  private readonly writeSetting: Database.Statement;
  private readonly logged: Database.Statement;
  private readonly record: Database.Statement;
  private readonly loggedOfKind: Database.Statement;
  private readonly forget: Database.Statement;
  private readonly expire: Database.Statement;

  constructor(readonly db: Database.Database) {
    this.watchedIds = db.prepare('SELECT "queue_id" FROM notification_watches').pluck();
    this.watch = db.prepare('INSERT INTO notification_watches ("queue_id", "since") VALUES (?, ?) ON CONFLICT ("queue_id") DO NOTHING');
    this.unwatch = db.prepare('DELETE FROM notification_watches WHERE "queue_id" = ?');
    this.readSetting = db.prepare('SELECT "value" FROM notification_settings WHERE "key" = ?').pluck();
    this.writeSetting = db.prepare('INSERT INTO notification_settings ("key", "value") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"');
    this.logged = db.prepare('SELECT 1 FROM notification_log WHERE "tag" = ?').pluck();
    this.record = db.prepare('INSERT INTO notification_log ("tag", "kind", "ticket_id", "shown", "at") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("tag") DO NOTHING');
    this.loggedOfKind = db.prepare('SELECT "tag", "ticket_id" AS "ticketId" FROM notification_log WHERE "kind" = ?');
    this.forget = db.prepare('DELETE FROM notification_log WHERE "tag" = ?');
    this.expire = db.prepare('DELETE FROM notification_log WHERE "kind" <> \'clock-warning\' AND "at" < ?');
  }

  watchedQueues(): Set<string> {
    return new Set(this.watchedIds.all() as string[]);
  }

  setWatch(queueId: string, watched: boolean, now: Date): void {
    if (watched) this.watch.run(queueId, now.toISOString());
    else this.unwatch.run(queueId);
  }

  kinds(): Record<NoticeKind, boolean> {
    const kinds = {} as Record<NoticeKind, boolean>;
    for (const kind of noticeKinds) kinds[kind] = this.readSetting.get(`kind.${kind}`) !== 'off';
    return kinds;
  }

  setKind(kind: NoticeKind, enabled: boolean): void {
    this.writeSetting.run(`kind.${kind}`, enabled ? 'on' : 'off');
  }

  language(): NoticeLanguage {
    return this.readSetting.get('language') === 'en' ? 'en' : 'de';
  }

  setLanguage(language: NoticeLanguage): void {
    this.writeSetting.run('language', language);
  }

  /** Whether this event was told (or passed over at a baseline) before. */
  has(tag: string): boolean {
    return this.logged.get(tag) !== undefined;
  }

  /** Remembers an event; `shown` false for one passed over (a baseline, a kind switched off). */
  remember(tag: string, kind: NoticeKind, ticketId: string, shown: boolean, now: Date): void {
    this.record.run(tag, kind, ticketId, shown ? 1 : 0, now.toISOString());
  }

  /** The remembered events of one kind. */
  rememberedOf(kind: NoticeKind): { tag: string; ticketId: string }[] {
    return this.loggedOfKind.all(kind) as { tag: string; ticketId: string }[];
  }

  /** Forgets an event, so that it may be told again when it happens again (a clock's next warning). */
  drop(tag: string): void {
    this.forget.run(tag);
  }

  /** Drops entries of tickets and reminders older than the retention: their events cannot come again. */
  expireOld(now: Date): void {
    this.expire.run(new Date(now.getTime() - logRetentionMs).toISOString());
  }
}
