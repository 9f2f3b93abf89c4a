import { channels, isChannelName, type KontorHandlers } from '../src-shared/ipc/contract.js';
import { fail, type Result } from '../src-shared/result.js';
import type { Logger } from '../src-shared/node/log.js';
import { isCacheDamage, isCacheUnwritable } from './cache/cache-recovery.js';
import { CacheBusyError } from './cache/write-when-free.js';

/** Who sent an IPC message, as the transport saw it. */
export interface Sender {
  transport: 'electron' | 'browser';
  /** URL of the sending frame (Electron) or the Origin of the socket (browser host). */
  origin: string;
}

export type Dispatch = (channel: string, args: unknown, sender: Sender) => Promise<Result<unknown>>;

type AnyHandler = (input: unknown) => Promise<Result<unknown>>;

export interface DispatchHooks {
  /** SQLite found the agent's cache damaged in a handler's read or write: it is made afresh (CacheService.damaged). */
  cacheDamaged?: (message: string) => void;
}

/**
 * The one place both transports hand their messages to: allow-list, sender check, argument
 * validation and the result envelope. Nothing a handler throws crosses the boundary.
 */
export function createDispatcher(handlers: KontorHandlers, isTrustedSender: (sender: Sender) => boolean, log: Logger, hooks: DispatchHooks = {}): Dispatch {
  return async (channel, args, sender) => {
    if (!isChannelName(channel)) return fail('unknown-channel', `Unknown channel "${channel.slice(0, 100)}".`);
    if (!isTrustedSender(sender)) {
      log.warn('ipc.forbidden-sender', { channel, origin: sender.origin, transport: sender.transport });
      return fail('forbidden-sender', 'This window may not call Kontor.');
    }
    const spec = channels[channel];
    const parsed = spec.input.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return fail('invalid-arguments', `Invalid arguments for ${channel}${where}: ${issue?.message ?? 'rejected'}.`);
    }
    try {
      const handler = handlers[channel] as AnyHandler;
      const result = await handler(parsed.data);
      if (!result.ok) return result;
      const value = spec.output.safeParse(result.value);
      if (!value.success) {
        log.error('ipc.invalid-result', { channel, issues: value.error.issues.slice(0, 3) });
        return fail('internal-error', `Kontor produced an invalid answer for ${channel}.`);
      }
      return { ok: true, value: value.data };
    } catch (error) {
      // Any write of any channel may find the sync holding the cache: the agent may try again.
      if (error instanceof CacheBusyError) {
        log.warn('ipc.cache-busy', { channel, error: error.message });
        return fail('cache-busy', error.message);
      }
      // Damage of the cache file in a page the channel read: no retry of the same read helps, the cache is made afresh.
      if (isCacheDamage(error) && hooks.cacheDamaged) {
        const message = error instanceof Error ? error.message : String(error);
        log.error('ipc.cache-damaged', { channel, error: message });
        hooks.cacheDamaged(message);
        return fail('cache-damaged', 'The copy of your tickets on this workstation is damaged and is being made afresh from Kontor Server; nothing you typed is lost. Try again in a moment.');
      }
      // A full disk, a read-only file: nothing was written, and the agent can do something about it.
      if (isCacheUnwritable(error)) {
        const message = error instanceof Error ? error.message : String(error);
        log.error('ipc.cache-unwritable', { channel, error: message });
        return fail('cache-unwritable', `The copy of your tickets on this workstation cannot be written (${message}); nothing was saved.`);
      }
      log.error('ipc.handler-threw', { channel, error: error instanceof Error ? error.message : String(error) });
      return fail('internal-error', `Something went wrong in ${channel}; the details are in the log.`);
    }
  };
}
