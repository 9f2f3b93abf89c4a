import type pg from 'pg';
import type { OutboxEntry } from '../../../../src-main/cache/outbox.js';
import type { MutationName } from '../../../../src-shared/sync/mutations.js';
import type { CountedEdit, Resolution } from './desk-agent.js';

/** The history event each edit the fault test makes writes once when it applies (src-server/sync/mutations/handlers). */
const historyEvents: Partial<Record<MutationName, string>> = {
  'ticket.create': 'created',
  'ticket.addArticle': 'article-added',
  'ticket.setPriority': 'priority-changed',
  'ticket.setState': 'state-changed',
  'ticket.lock': 'locked',
  'ticket.unlock': 'unlocked',
  'ticket.accountTime': 'time-accounted',
  'ticket.move': 'moved',
};

type ServerStatus = 'applied' | 'rejected' | 'conflict';

/** One agent's side of the ledger at the end of a run. */
export interface AgentLedger {
  name: string;
  agentId: string;
  counted: readonly CountedEdit[];
  resolutions: ReadonlyMap<string, Resolution>;
  /** The Desk's outbox after it went quiet. */
  outbox: readonly OutboxEntry[];
  /** Mutation ids the Desk showed as refused on their tickets (`tickets.get` → `failed`). */
  shownFailed: ReadonlySet<string>;
}

export interface LedgerOutcome {
  applied: number;
  /** Refused by the server and still shown on the ticket. */
  shownRefused: number;
  /** Waiting in the outbox behind a refused edit of the same ticket, shown as pending there. */
  heldBack: number;
  /** Refused, then resolved by the agent ("keep theirs", or sent again as a new edit). */
  resolved: number;
  problems: string[];
}

/** The stored mutation results of one agent (PRIMARY KEY (agent_id, mutation_id): one row each at most). */
async function storedResults(admin: pg.Pool, agentId: string): Promise<Map<string, ServerStatus>> {
  const rows = await admin.query<{ mutation_id: string; status: ServerStatus }>(`SELECT mutation_id::text, result->>'status' AS status FROM mutation_results WHERE agent_id = $1`, [agentId]);
  return new Map(rows.rows.map((row) => [row.mutation_id, row.status]));
}

/**
 * Every edit the Desk acknowledged is accounted for exactly once: applied on the server, or
 * refused and shown on its ticket, or refused and resolved by the agent, or held back behind a
 * refused edit of the same ticket; and the server stored nothing this agent did not do.
 */
export async function checkLedger(admin: pg.Pool, agent: AgentLedger): Promise<LedgerOutcome> {
  const server = await storedResults(admin, agent.agentId);
  const outbox = new Map(agent.outbox.map((entry) => [entry.mutationId, entry]));
  const outcome: LedgerOutcome = { applied: 0, shownRefused: 0, heldBack: 0, resolved: 0, problems: [] };
  const problem = (edit: CountedEdit, what: string): void => {
    outcome.problems.push(`${agent.name} ${edit.name} ${edit.mutationId} (ticket ${edit.ticketId}): ${what}`);
  };
  const counted = new Set(agent.counted.map((edit) => edit.mutationId));
  for (const edit of agent.counted) {
    const stored = server.get(edit.mutationId);
    const entry = outbox.get(edit.mutationId);
    const resolution = agent.resolutions.get(edit.mutationId);
    if (resolution) {
      if (stored !== 'rejected' && stored !== 'conflict') problem(edit, `resolved (${resolution.decision}) but the server stored ${stored ?? 'nothing'}`);
      if (entry) problem(edit, `resolved (${resolution.decision}) but still in the outbox as ${entry.status}`);
      outcome.resolved += 1;
    } else if (stored === 'applied') {
      if (entry) problem(edit, `applied, but the outbox still holds it as ${entry.status}`);
      outcome.applied += 1;
    } else if (stored !== undefined) {
      if (entry?.status !== stored) problem(edit, `the server refused it (${stored}) but the outbox holds ${entry?.status ?? 'nothing'}`);
      else if (!agent.shownFailed.has(edit.mutationId)) problem(edit, `refused (${stored}) but its ticket does not show it`);
      else outcome.shownRefused += 1;
    } else if (entry?.status === 'pending' && heldBehindRefusal(entry, agent.outbox)) {
      outcome.heldBack += 1;
    } else {
      problem(edit, `not on the server, and the outbox holds ${entry ? `${entry.status} (not held back)` : 'nothing'}: lost`);
    }
  }
  for (const [mutationId, status] of server) {
    if (!counted.has(mutationId)) outcome.problems.push(`${agent.name}: the server stored ${status} for ${mutationId}, an edit the Desk never acknowledged`);
  }
  return outcome;
}

function heldBehindRefusal(entry: OutboxEntry, outbox: readonly OutboxEntry[]): boolean {
  return outbox.some((other) => other.seq < entry.seq && other.subjectId === entry.subjectId && (other.status === 'rejected' || other.status === 'conflict'));
}

/**
 * What applied edits left in the database, which must be exactly what was applied, once:
 * one history row per applied edit (by agent, ticket and event), and the tickets, articles and
 * time entries with the ids the applied edits gave them, and none of the refused ones.
 */
export async function checkEffects(admin: pg.Pool, agents: readonly AgentLedger[]): Promise<string[]> {
  const problems: string[] = [];
  const expectedHistory = new Map<string, number>();
  const expected = { tickets: new Set<string>(), articles: new Set<string>(), timeEntries: new Set<string>() };
  for (const agent of agents) {
    const server = await storedResults(admin, agent.agentId);
    for (const edit of agent.counted) {
      if (server.get(edit.mutationId) !== 'applied') continue;
      const event = historyEvents[edit.name];
      if (!event) throw new Error(`no history event known for ${edit.name}`);
      const key = `${agent.agentId} ${edit.ticketId} ${event}`;
      expectedHistory.set(key, (expectedHistory.get(key) ?? 0) + 1);
      if (edit.name === 'ticket.create') expected.tickets.add(edit.ticketId);
      if ((edit.name === 'ticket.create' || edit.name === 'ticket.addArticle') && edit.childId) expected.articles.add(edit.childId);
      if (edit.name === 'ticket.accountTime' && edit.childId) expected.timeEntries.add(edit.childId);
    }
  }
  const history = await admin.query<{ key: string; count: string }>(
    `SELECT actor_id || ' ' || ticket_id::text || ' ' || event AS key, count(*)::text AS count FROM ticket_history GROUP BY 1`,
  );
  const stored = new Map(history.rows.map((row) => [row.key, Number(row.count)]));
  for (const key of new Set([...expectedHistory.keys(), ...stored.keys()])) {
    const want = expectedHistory.get(key) ?? 0;
    const got = stored.get(key) ?? 0;
    if (want !== got) problems.push(`history ${key}: ${String(got)} rows for ${String(want)} applied edits`);
  }
  const ids = async (sql: string): Promise<Set<string>> => new Set((await admin.query<{ id: string }>(sql)).rows.map((row) => row.id));
  const compare = (what: string, want: Set<string>, got: Set<string>): void => {
    for (const id of want) if (!got.has(id)) problems.push(`${what} ${id} of an applied edit is missing`);
    for (const id of got) if (!want.has(id)) problems.push(`${what} ${id} exists, but no applied edit made it`);
  };
  compare('ticket', expected.tickets, await ids('SELECT id::text AS id FROM tickets'));
  compare('article', expected.articles, await ids(`SELECT id::text AS id FROM articles`));
  compare('time entry', expected.timeEntries, await ids('SELECT id::text AS id FROM time_entries'));
  return problems;
}
