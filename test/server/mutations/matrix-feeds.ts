import type pg from 'pg';
import { expect } from 'vitest';
import { hasRight, type Permissions } from '../../../src-shared/permissions.js';
import { applyChanges, pullAll } from '../feed/support/feed-client.js';
import type { SignedIn } from './support.js';

type State = Map<string, Map<string, unknown>>;

interface Follower {
  token: string;
  cursor: string;
  state: State;
  /** Every page this agent's Desk received, as sent. */
  texts: string[];
}

/**
 * The matrix agents' Desks: each bootstraps before the matrix runs and follows the log through
 * it, applying the pages by the rules of docs/api.md. Afterwards each must hold what a fresh
 * bootstrap gives, and no page may have named a ticket the agent never could read.
 */
export class MatrixFeeds {
  private constructor(
    private readonly url: string,
    private readonly db: pg.Pool,
    private readonly followers: Map<string, Follower>,
  ) {}

  static async bootstrap(url: string, db: pg.Pool, sessions: ReadonlyMap<string, SignedIn>): Promise<MatrixFeeds> {
    const followers = new Map<string, Follower>();
    for (const [username, session] of sessions) {
      const pulled = await pullAll(url, session.token);
      followers.set(username, { token: session.token, cursor: pulled.cursor, state: applyChanges(pulled.changes), texts: pulled.pages.map((page) => page.text) });
    }
    return new MatrixFeeds(url, db, followers);
  }

  /** Pulls the log since the bootstrap for every agent and compares the result with a fresh bootstrap, entity by entity. */
  async followAndCompare(): Promise<void> {
    for (const [username, follower] of this.followers) {
      const followed = await pullAll(this.url, follower.token, follower.cursor);
      applyChanges(followed.changes, follower.state);
      const fresh = await pullAll(this.url, follower.token);
      follower.texts.push(...followed.pages.map((page) => page.text), ...fresh.pages.map((page) => page.text));
      const again = applyChanges(fresh.changes);
      for (const entity of new Set([...follower.state.keys(), ...again.keys()])) {
        expect(Object.fromEntries(follower.state.get(entity) ?? new Map()), `${username}: ${entity} followed = bootstrapped`).toEqual(Object.fromEntries(again.get(entity) ?? new Map()));
      }
    }
  }

  /** Tickets that were never in a group the agent may read (every group a ticket was ever in has change rows). */
  async neverReadable(permissions: Permissions): Promise<{ id: string; number: string }[]> {
    const result = await this.db.query<{ id: string; number: string; groups: string[] }>(
      `SELECT t.id, t.number, array_agg(DISTINCT c.group_name) AS groups
       FROM tickets t JOIN change_log c ON c.ticket_id = t.id WHERE c.group_name IS NOT NULL GROUP BY t.id, t.number`,
    );
    return result.rows.filter((row) => !row.groups.some((group) => hasRight(permissions, group, 'ro'))).map(({ id, number }) => ({ id, number }));
  }

  /** No page this agent received names one of these tickets by id or number. */
  expectNothingOf(username: string, tickets: readonly { id: string; number: string }[]): void {
    const texts = this.followers.get(username)?.texts ?? [];
    expect(texts.length, username).toBeGreaterThan(0);
    const named = namesIn(texts);
    const told = tickets.filter((ticket) => named.has(ticket.id) || named.has(ticket.number));
    expect(told, `${username}'s feed names tickets they never could read`).toEqual([]);
  }
}

/** Every UUID and every run of 14 digits (a ticket number) in these texts. */
export function namesIn(texts: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{14}/giu)) names.add(match[0].toLowerCase());
  return names;
}
