import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { queueId, testQueues } from '../../../server/mutations/support.js';
import { cacheFilePath, readCache } from './cache-inspection.js';

/** Group of each configured queue, by queue id (from the test's configuration, not from the cache under test). */
const groupOfQueue = new Map(testQueues.map((queue) => [queueId(queue.name), queue.group]));

export interface HeldTicket {
  id: string;
  title: string;
  group: string;
}

export interface Holdings {
  tickets: HeldTicket[];
  /** sha256 of every attachment the held tickets' articles name. */
  attachmentHashes: Set<string>;
  /** Files in the Desk's downloaded-attachment cache, by sha256. */
  downloaded: Set<string>;
  /** Everything held that lies outside `groups`, in words. */
  outside: string[];
}

/**
 * What a Desk's files hold, read straight from disk: its cache file (tickets and everything of
 * a ticket: articles, history, time entries, links, search rows) and its downloaded
 * attachments, and what of it lies outside the groups the agent may read.
 */
export function holdings(userDataDir: string, agentId: string, groups: ReadonlySet<string>): Holdings {
  const read = readCache(userDataDir, agentId, (db) => readHoldings(db, groups));
  const downloaded = downloadedAttachments(userDataDir);
  for (const sha256 of downloaded) if (!read.attachmentHashes.has(sha256)) read.outside.push(`downloaded attachment ${sha256} belongs to no ticket the cache holds`);
  return { ...read, downloaded };
}

function readHoldings(db: Database.Database, groups: ReadonlySet<string>): Omit<Holdings, 'downloaded'> {
  const outside: string[] = [];
  const rows = db.prepare('SELECT "id", "title", "queue_id" FROM tickets').all() as { id: string; title: string; queue_id: string }[];
  const tickets = rows.map((row) => ({ id: row.id, title: row.title, group: groupOfQueue.get(row.queue_id) ?? `unknown queue ${row.queue_id}` }));
  for (const ticket of tickets) if (!groups.has(ticket.group)) outside.push(`ticket "${ticket.title}" of group ${ticket.group}`);
  const held = new Set(tickets.map((ticket) => ticket.id));
  for (const [table, column] of ticketColumns(db)) {
    const stray = db.prepare(`SELECT DISTINCT "${column}" AS id FROM ${table}`).all() as { id: string }[];
    for (const { id } of stray) if (!held.has(id)) outside.push(`${table} of ticket ${id}, which the cache does not hold`);
  }
  const attachmentHashes = new Set<string>();
  const articles = db.prepare('SELECT "ticket_id", "attachments" FROM articles').all() as { ticket_id: string; attachments: string }[];
  for (const article of articles) {
    if (!held.has(article.ticket_id)) continue;
    for (const attachment of JSON.parse(article.attachments) as { sha256: string }[]) attachmentHashes.add(attachment.sha256);
  }
  return { tickets, attachmentHashes, outside };
}

/**
 * Every column of the cache that names a ticket, whatever tables the cache has grown (articles,
 * history, time entries, links, the search index's own tables): found by name, so that a new
 * table that keeps something of a ticket is checked without changing this test.
 */
function ticketColumns(db: Database.Database): [string, string][] {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('tickets', 'outbox', 'outbox_files')`).all() as { name: string }[];
  return tables.flatMap(({ name }) => {
    const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[];
    return columns.filter((column) => column.name === 'ticket_id' || column.name.endsWith('_ticket_id')).map((column): [string, string] => [name, column.name]);
  });
}

/** The downloaded-attachment cache of the Desk (src-main/cache/attachment-store.ts: files named by sha256). */
export function downloadedAttachments(userDataDir: string): Set<string> {
  const found = new Set<string>();
  const visit = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (/^[0-9a-f]{64}$/u.test(name)) found.add(name);
    }
  };
  visit(path.join(userDataDir, 'attachments'));
  return found;
}

/** Which of `markers` appear anywhere in the bytes of the cache file and its write-ahead log (deleted rows included). */
export function markersInCacheBytes(userDataDir: string, agentId: string, markers: readonly string[]): string[] {
  const file = cacheFilePath(userDataDir, agentId);
  const contents = [file, `${file}-wal`].flatMap((name) => {
    try {
      return [readFileSync(name)];
    } catch {
      return [];
    }
  });
  return markers.filter((marker) => contents.some((content) => content.includes(Buffer.from(marker, 'utf8'))));
}
