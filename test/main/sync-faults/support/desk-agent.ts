import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { TicketView } from '../../../../src-shared/ipc/cache.js';
import type { SessionState } from '../../../../src-shared/ipc/session.js';
import { demoPassword } from '../../../../src-shared/node/demo-directory.js';
import type { TicketState } from '../../../../src-shared/sync/entities.js';
import type { MutationName } from '../../../../src-shared/sync/mutations.js';
import { DeskProcess, writeDeskConfig } from '../../../harness/desk-process.js';
import type { SeededRandom } from '../../../harness/seeded-random.js';
import { queueId } from '../../../server/mutations/support.js';

/** An edit whose `tickets.mutate` call returned ok: it is in the outbox and must not be lost. */
export interface CountedEdit {
  mutationId: string;
  name: MutationName;
  ticketId: string;
  /** For a note, a time entry or a create: the id the edit gave its article or entry. */
  childId: string | null;
}

/** What the agent decided about an edit the server refused. */
export type Resolution = { decision: 'keep-theirs' } | { decision: 'apply-mine'; renewed: string };

export interface AgentSpec {
  /** The Desk's name in logs and folders. */
  name: string;
  username: string;
  /** Queues (names of testQueues) the agent creates and edits tickets in. */
  queues: readonly string[];
  /** Queues the agent moves tickets into. */
  moveTargets: readonly string[];
}

type Action = 'create' | 'note' | 'priority' | 'state' | 'lock' | 'time' | 'move';
const weights: Record<Action, number> = { create: 3, note: 4, priority: 3, state: 2, lock: 3, time: 2, move: 1 };

/**
 * One agent at one Kontor Desk process: signs in through `session.login` and edits through
 * `tickets.mutate` as the renderer would, on tickets the agent sees in its queues, with the
 * ticket version it was shown. Every edit the Desk acknowledged is counted; refused edits the
 * ticket shows are resolved the way an agent would (keep theirs, or apply mine again).
 */
export class DeskAgent {
  desk: DeskProcess | null = null;
  agentId = '';
  readonly counted: CountedEdit[] = [];
  readonly resolutions = new Map<string, Resolution>();
  /** How this agent's Desk got signed in each time. */
  readonly signIns = { online: 0, offline: 0 };
  private titles = 0;

  private constructor(
    readonly spec: AgentSpec,
    private readonly runDir: string,
    private readonly configFile: string,
    private readonly entry: string,
    private readonly random: SeededRandom,
  ) {}

  /** `entry`: the Desk bundle to run (a pinned copy, so that restarts run the same code). */
  static create(spec: AgentSpec, where: { runDir: string; serverUrl: string; entry: string }, random: SeededRandom): DeskAgent {
    return new DeskAgent(spec, where.runDir, writeDeskConfig(where.runDir, spec.name, where.serverUrl), where.entry, random);
  }

  get userDataDir(): string {
    return path.join(this.runDir, `${this.spec.name}-user-data`);
  }

  /** The running Desk; throws when it is down. */
  get running(): DeskProcess {
    if (!this.desk) throw new Error(`${this.spec.name}: the Desk is not running`);
    return this.desk;
  }

  async start(): Promise<void> {
    this.desk ??= await DeskProcess.start({ runDir: this.runDir, name: this.spec.name, configFile: this.configFile, userDataDir: this.userDataDir, entry: this.entry });
  }

  /** `kill -9`. */
  async kill(): Promise<void> {
    const desk = this.desk;
    this.desk = null;
    await desk?.kill();
  }

  /** SIGTERM: the Desk signs out and closes its cache. */
  async stop(): Promise<void> {
    const desk = this.desk;
    this.desk = null;
    await desk?.stop();
  }

  /** Signs in; with the server away the Desk unlocks the cache offline. Returns the session. */
  async signIn(): Promise<Extract<SessionState, { state: 'signed-in' }>> {
    const state = await this.running.ipc.value('session.login', { username: this.spec.username, password: demoPassword });
    if (state.state !== 'signed-in') throw new Error(`${this.spec.name}: session.login answered ${state.state}`);
    this.agentId = state.signedIn.agent.id;
    this.signIns[state.unlockedOffline ? 'offline' : 'online'] += 1;
    this.log(`signed in ${state.unlockedOffline ? 'offline' : 'online'}`);
    return state;
  }

  /** Whether the Desk needs a new online sign-in: signed out, or only unlocked offline. */
  async needsSignIn(): Promise<boolean> {
    const [session, sync] = await Promise.all([this.running.ipc.value('session.current', undefined), this.running.ipc.value('sync.status', undefined)]);
    return session.state !== 'signed-in' || session.unlockedOffline || sync.state === 'signed-out' || sync.state === 'closed';
  }

  /** One random thing an agent does at the Desk. */
  async act(): Promise<void> {
    const action = this.random.weightedKey(weights);
    if (action === 'create') return this.create();
    const shown = await this.pickTicket();
    if (!shown) return this.create();
    const view = await this.running.ipc.invoke('tickets.get', { ticketId: shown });
    // Gone from the cache since the queue page was read (moved away, purged): nothing to edit.
    if (!view.ok) return;
    const failed = view.value.failed[0];
    if (failed && this.random.chance(0.6)) return this.resolve(failed.mutationId);
    return this.edit(action, view.value);
  }

  private async create(): Promise<void> {
    const ticketId = this.random.uuid();
    const articleId = this.random.uuid();
    this.titles += 1;
    await this.mutate('ticket.create', ticketId, articleId, null, {
      ticketId,
      queueId: queueId(this.random.pick(this.spec.queues)),
      title: `fault ${this.spec.name} ${String(this.titles)}`,
      type: this.random.pick(['incident', 'service-request', 'complaint']),
      priority: this.random.int(1, 5),
      customerUserId: null,
      performedAt: new Date().toISOString(),
      article: { articleId, channel: 'phone', visibility: 'internal', sender: 'agent', subject: 'Anruf', body: `fault-create ${articleId}` },
    });
  }

  private async edit(action: Exclude<Action, 'create'>, view: TicketView): Promise<void> {
    const { ticket } = view;
    const ticketId = ticket.id;
    const performedAt = new Date().toISOString();
    switch (action) {
      case 'note': {
        const articleId = this.random.uuid();
        const article = { articleId, channel: 'note', visibility: 'internal', sender: 'agent', subject: 'Notiz', body: `fault-note ${articleId}` };
        return this.mutate('ticket.addArticle', ticketId, articleId, null, { ticketId, performedAt, article });
      }
      case 'priority':
        return this.mutate('ticket.setPriority', ticketId, null, ticket.version, { ticketId, performedAt, priority: this.random.int(1, 5) });
      case 'state': {
        const state = this.random.pick<TicketState>(['open', 'pending-reminder', 'closed-successful', 'open']);
        const pendingUntil = state === 'pending-reminder' ? new Date(Date.now() + 86_400_000).toISOString() : null;
        return this.mutate('ticket.setState', ticketId, null, ticket.version, { ticketId, performedAt, state, pendingUntil });
      }
      case 'lock':
        return this.mutate(ticket.locked ? 'ticket.unlock' : 'ticket.lock', ticketId, null, ticket.version, { ticketId, performedAt });
      case 'time': {
        const entryId = this.random.uuid();
        return this.mutate('ticket.accountTime', ticketId, entryId, null, { ticketId, performedAt, entryId, minutes: this.random.int(1, 60), note: 'fault' });
      }
      case 'move': {
        const targets = this.spec.moveTargets.map(queueId).filter((id) => id !== ticket.queueId);
        if (targets.length === 0) return;
        return this.mutate('ticket.move', ticketId, null, ticket.version, { ticketId, performedAt, queueId: this.random.pick(targets) });
      }
    }
  }

  private async resolve(mutationId: string): Promise<void> {
    const decision = this.random.pick(['keep-theirs', 'apply-mine'] as const);
    const resolved = await this.running.ipc.invoke('tickets.resolveEdit', { mutationId, decision });
    if (!resolved.ok) throw new Error(`${this.spec.name}: tickets.resolveEdit failed: ${resolved.error.message}`);
    const original = this.counted.find((edit) => edit.mutationId === mutationId);
    if (!original) throw new Error(`${this.spec.name}: the Desk shows a refused edit ${mutationId} this agent never made`);
    if (decision === 'keep-theirs') {
      this.resolutions.set(mutationId, { decision });
    } else {
      const renewed = resolved.value.mutationId;
      if (renewed === null) throw new Error(`${this.spec.name}: apply-mine gave no new mutation id`);
      this.resolutions.set(mutationId, { decision, renewed });
      this.counted.push({ ...original, mutationId: renewed });
    }
    this.log(`resolved ${mutationId} ${decision}`);
  }

  private async mutate(name: MutationName, ticketId: string, childId: string | null, baseVersion: number | null, args: Record<string, unknown>): Promise<void> {
    const result = await this.running.ipc.invoke('tickets.mutate', { name, args, baseVersion });
    if (!result.ok) throw new Error(`${this.spec.name}: tickets.mutate ${name} failed: ${result.error.reason}: ${result.error.message}`);
    this.counted.push({ mutationId: result.value.mutationId, name, ticketId, childId });
    this.log(`${name} ${ticketId} base ${String(baseVersion)} → ${result.value.mutationId}`);
  }

  /** A ticket from one of the agent's queues, as its queue view shows it; null when there is none. */
  private async pickTicket(): Promise<string | null> {
    const queue = this.random.pick(this.spec.queues);
    const page = await this.running.ipc.value('tickets.queuePage', { queueId: queueId(queue), limit: 100 });
    if (page.tickets.length === 0) return null;
    return this.random.pick(page.tickets).ticket.id;
  }

  log(line: string): void {
    appendFileSync(path.join(this.runDir, 'actions.log'), `${new Date().toISOString()} ${this.spec.name} ${line}\n`);
  }
}
