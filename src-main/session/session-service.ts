import { loginFailureReasonSchema, loginResponseSchema } from '../../src-shared/api/sessions.js';
import type { SignedInAgent } from '../../src-shared/domain/people.js';
import type { CacheOpenFailure, CacheRebuilt } from '../../src-shared/ipc/cache.js';
import type { CustomerSearchResult } from '../../src-shared/ipc/directory.js';
import type { DeskLoginReason, SessionState } from '../../src-shared/ipc/session.js';
import { limits } from '../../src-shared/limits.js';
import { DirectoryInputError, type Directory } from '../../src-shared/node/directory/types.js';
import type { Logger } from '../../src-shared/node/log.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { EventBus } from '../events.js';
import type { ServerClient } from '../net/server-client.js';
import type { OfflineUnlocker } from './offline-unlock.js';

/** Opens the Desk's own directory session, bound as the signed-in agent. */
export type OpenDirectorySession = (dn: string, password: string) => Directory;

/**
 * Told when an agent signed in (with the server's token, which stays in main-process memory;
 * null after an offline unlock) and out: the cache follows.
 */
export interface SessionListener {
  /** Opens the agent's cache; a failure (another version's file, one unusable now) ends the sign-in. */
  signedIn(agentId: string, token: string | null): Promise<Result<{ rebuilt: CacheRebuilt | null }, CacheOpenFailure>>;
  signedOut(): Promise<void>;
  /** The server refused the agent for good (no role any more, disabled): their cache is removed from this workstation. */
  revoked(agentId: string): Promise<void>;
}

/** Refusals after which the old password must open nothing offline. */
const forgetVerifierOn: ReadonlySet<string> = new Set(['no-agent-role', 'account-disabled', 'account-locked', 'password-expired']);
/** Refusals after which the agent's cached tickets have no business on this workstation. */
const removeCacheOn: ReadonlySet<string> = new Set(['no-agent-role', 'account-disabled']);

interface ActiveSession {
  /** The server's opaque token: main-process memory only, never over IPC, never on disk. Null after an offline unlock. */
  token: string | null;
  signedIn: SignedInAgent;
  directory: Directory;
  directoryStatus: 'connected' | 'reconnecting';
  /** The cache file was damaged and made afresh when it was opened (CacheService.start). */
  cacheRebuilt: CacheRebuilt | null;
}

/**
 * The agent's session: server login first (one failed bind for a typo, not two), then the
 * Desk's own LDAP bind as the DN the server returned, kept for live look-ups.
 */
export class SessionService {
  private active: ActiveSession | null = null;

  constructor(
    private readonly server: ServerClient,
    private readonly openDirectory: OpenDirectorySession,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly listener?: SessionListener,
    private readonly offline?: OfflineUnlocker,
  ) {}

  state(): SessionState {
    if (!this.active) return { state: 'signed-out' };
    const { signedIn, directoryStatus, token, cacheRebuilt } = this.active;
    return { state: 'signed-in', signedIn, directory: directoryStatus, unlockedOffline: token === null, cacheRebuilt };
  }

  async login(username: string, password: string): Promise<Result<SessionState, DeskLoginReason>> {
    if (username.trim() === '') return fail('invalid-input', 'Enter your user name.');
    if (password === '') return fail('empty-password', 'Enter your password.');
    const response = await this.server.call('POST', '/api/v1/sessions', loginResponseSchema, { body: { username, password } });
    if (response.kind === 'unreachable') {
      this.log.warn('session.server-unreachable', { server: this.server.url, message: response.message });
      return this.unlockOffline(username, password, `Kontor Server (${this.server.url}) cannot be reached: ${response.message}`);
    }
    if (response.kind === 'error') {
      const reason = loginFailureReasonSchema.safeParse(response.error.reason);
      if (reason.success) {
        await this.revokeLocally(username, reason.data);
        // The wait of a throttled login goes on to the renderer, which says it in minutes.
        return fail(reason.data, response.error.message, { retryAfterSeconds: response.error.retryAfterSeconds });
      }
      if (response.error.reason === 'invalid-request') return fail('invalid-input', response.error.message);
      return fail('server-unreachable', `Kontor Server could not sign you in (${response.status}): ${response.error.message}`);
    }
    const login = response.value;
    if (!login) return fail('server-unreachable', 'Kontor Server sent an empty answer.');
    await this.endActive();
    const directory = this.openDirectory(login.agent.dn, password);
    this.active = {
      token: login.token,
      signedIn: { agent: login.agent, permissions: login.permissions },
      directory,
      directoryStatus: 'reconnecting',
      cacheRebuilt: null,
    };
    await this.checkDirectory(login.agent.id);
    await this.offline?.remember(username, password, this.active.signedIn);
    const opened = await this.openCache(login.agent.id, login.token);
    if (!opened.ok) return opened;
    this.log.info('session.signed-in', { agent: login.agent.id, roles: login.agent.roles });
    this.publish();
    return ok(this.state());
  }

  async logout(): Promise<SessionState> {
    const active = this.active;
    if (active?.token) await this.giveBack(active.token);
    await this.endActive();
    await this.listener?.signedOut();
    this.publish();
    return this.state();
  }

  /** What a refusal of the server takes away on this workstation: the offline verifier, and for good refusals the cache. */
  private async revokeLocally(username: string, reason: string): Promise<void> {
    if (!forgetVerifierOn.has(reason) || !this.offline) return;
    const agentId = this.offline.forget(username);
    if (agentId === null || !removeCacheOn.has(reason)) return;
    if (this.active?.signedIn.agent.id === agentId) await this.endActive();
    await this.listener?.revoked(agentId);
    this.log.warn('session.cache-removed', { agent: agentId, reason });
  }

  /**
   * The server cannot be reached: a returning agent opens their cache with the offline check
   * (ARCHITECTURE.md "Identity and sessions"); nothing syncs until they sign in online again.
   */
  private async unlockOffline(username: string, password: string, unreachable: string): Promise<Result<SessionState, DeskLoginReason>> {
    if (!this.offline) return fail('server-unreachable', unreachable);
    const unlocked = await this.offline.unlock(username, password);
    if (!unlocked.ok) {
      if (unlocked.reason === 'no-offline-login') return fail('server-unreachable', `${unreachable}. ${unlocked.message}`);
      this.log.warn('session.offline-unlock-refused', { reason: unlocked.reason });
      return fail(unlocked.reason, unlocked.message);
    }
    await this.endActive();
    const { agent } = unlocked.signedIn;
    this.active = { token: null, signedIn: unlocked.signedIn, directory: this.openDirectory(agent.dn, password), directoryStatus: 'reconnecting', cacheRebuilt: null };
    const opened = await this.openCache(agent.id, null);
    if (!opened.ok) return opened;
    this.log.info('session.unlocked-offline', { agent: agent.id, onlineAt: unlocked.onlineAt });
    this.publish();
    return ok(this.state());
  }

  /**
   * The open cache was found damaged while in use and made afresh (CacheService.damaged): the
   * agent is told as at sign-in. When it could not be made afresh the session ends, logged: the
   * next sign-in says what is wrong with the cache.
   */
  async cacheRebuilt(outcome: { rebuilt: CacheRebuilt } | { failed: string }): Promise<void> {
    const active = this.active;
    if (!active) return;
    if ('failed' in outcome) {
      this.log.error('cache.rebuild-failed', { agent: active.signedIn.agent.id, message: outcome.failed });
      await this.logout();
      return;
    }
    active.cacheRebuilt = outcome.rebuilt;
    this.log.warn('cache.rebuilt', { agent: active.signedIn.agent.id, ...outcome.rebuilt });
    this.publish();
  }

  /** Live customer look-up under the agent's own directory rights. */
  async searchCustomers(query: string): Promise<Result<CustomerSearchResult, 'not-signed-in' | 'directory-unavailable' | 'invalid-input'>> {
    const active = this.active;
    if (!active) return fail('not-signed-in', 'Sign in to search the directory.');
    const trimmed = query.trim();
    if (trimmed.length < 2) return ok({ customers: [], truncated: false });
    try {
      const result = await active.directory.searchCustomers(trimmed, limits.customerSearchMaxResults);
      this.setDirectoryStatus(active, 'connected');
      return ok(result);
    } catch (error) {
      if (error instanceof DirectoryInputError) return fail('invalid-input', error.message);
      this.setDirectoryStatus(active, 'reconnecting');
      this.log.warn('directory.search-failed', { message: error instanceof Error ? error.message : String(error) });
      return fail('directory-unavailable', 'The directory cannot be reached right now; Kontor keeps trying.');
    }
  }

  async close(): Promise<void> {
    await this.endActive();
  }

  /**
   * Opens the agent's cache for the session just begun. When it cannot be opened the sign-in
   * fails as a whole: the directory session ends, the server session is given back, the agent is
   * told why. A file made afresh is logged and told (the session state's `cacheRebuilt`).
   */
  private async openCache(agentId: string, token: string | null): Promise<Result<null, CacheOpenFailure>> {
    const active = this.active;
    if (!this.listener || !active) return ok(null);
    const opened = await this.listener.signedIn(agentId, token);
    if (!opened.ok) {
      this.log.error('session.cache-unusable', { agent: agentId, reason: opened.error.reason, message: opened.error.message });
      await this.endActive();
      if (token !== null) await this.giveBack(token);
      this.publish();
      return opened;
    }
    active.cacheRebuilt = opened.value.rebuilt;
    if (opened.value.rebuilt) this.log.warn('cache.rebuilt', { agent: agentId, ...opened.value.rebuilt });
    return ok(null);
  }

  /** Ends the server session of `token` (logout); a server that does not confirm it is logged, the session ends here anyway. */
  private async giveBack(token: string): Promise<void> {
    const response = await this.server.call('DELETE', '/api/v1/sessions/current', null, { token });
    if (response.kind !== 'ok') this.log.warn('session.logout-not-confirmed', { status: response.kind === 'error' ? response.status : 'unreachable' });
  }

  /** First look-up over the new session: binds now, so that a broken directory shows at once. */
  private async checkDirectory(agentId: string): Promise<void> {
    const active = this.active;
    if (!active) return;
    try {
      await active.directory.findById(agentId);
      active.directoryStatus = 'connected';
    } catch (error) {
      active.directoryStatus = 'reconnecting';
      this.log.warn('directory.bind-failed', { message: error instanceof Error ? error.message : String(error) });
    }
  }

  private setDirectoryStatus(active: ActiveSession, status: ActiveSession['directoryStatus']): void {
    if (active.directoryStatus === status) return;
    active.directoryStatus = status;
    this.publish();
  }

  private async endActive(): Promise<void> {
    const active = this.active;
    this.active = null;
    if (active) await active.directory.close().catch(() => undefined);
  }

  private publish(): void {
    this.bus.emit('session.changed', this.state());
  }
}
