import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CacheBusyError } from '../../src-main/cache/write-when-free.js';
import { createDispatcher, type Sender } from '../../src-main/dispatcher.js';
import { silentLogger } from '../../src-shared/node/log.js';
import { ok } from '../../src-shared/result.js';
import { transportTestHandlers } from './fake-handlers.js';

const trusted: Sender = { transport: 'browser', origin: 'http://127.0.0.1:1' };
const dispatch = (overrides = {}) => createDispatcher(transportTestHandlers(overrides), (s) => s.origin === trusted.origin, silentLogger);

describe('dispatcher', () => {
  it('answers a contract channel with the handler value in the envelope', async () => {
    expect(await dispatch()('session.current', undefined, trusted)).toEqual({ ok: true, value: { state: 'signed-out' } });
  });

  it('refuses a channel that is not in the contract', async () => {
    const result = await dispatch()('fs.readFile', { path: '/etc/passwd' }, trusted);
    expect(result).toMatchObject({ ok: false, error: { reason: 'unknown-channel' } });
  });

  it('refuses an inherited property name as a channel', async () => {
    expect(await dispatch()('constructor', undefined, trusted)).toMatchObject({ ok: false, error: { reason: 'unknown-channel' } });
    expect(await dispatch()('__proto__', undefined, trusted)).toMatchObject({ ok: false, error: { reason: 'unknown-channel' } });
  });

  it('refuses invalid arguments and says which field was wrong', async () => {
    const result = await dispatch()('session.login', { username: 'mmueller', password: 42 }, trusted);
    expect(result).toMatchObject({ ok: false, error: { reason: 'invalid-arguments' } });
    expect(!result.ok && result.error.message).toContain('password');
    expect(await dispatch()('session.login', { username: 'a', password: 'b', admin: true }, trusted)).toMatchObject({ ok: false, error: { reason: 'invalid-arguments' } });
  });

  it('refuses a sender it does not trust before the handler runs', async () => {
    let called = false;
    const d = dispatch({ 'session.logout': () => { called = true; return Promise.resolve(ok({ state: 'signed-out' as const })); } });
    const result = await d('session.logout', undefined, { transport: 'browser', origin: 'http://evil.example' });
    expect(result).toMatchObject({ ok: false, error: { reason: 'forbidden-sender' } });
    expect(called).toBe(false);
  });

  it('turns a throwing handler into internal-error without leaking the exception', async () => {
    const d = dispatch({ 'app.info': () => Promise.reject(new Error('secret stack detail')) });
    const result = await d('app.info', undefined, trusted);
    expect(result).toMatchObject({ ok: false, error: { reason: 'internal-error' } });
    expect(JSON.stringify(result)).not.toContain('secret stack detail');
  });

  it('answers cache-busy with what happened when a write gave up waiting for the sync', async () => {
    const d = dispatch({ 'app.info': () => Promise.reject(new CacheBusyError(10_000)) });
    expect(await d('app.info', undefined, trusted)).toEqual({
      ok: false,
      error: { reason: 'cache-busy', message: 'The offline cache stayed busy for 10 s (the sync is storing); nothing was written. Try again.' },
    });
  });

  it('answers cache-damaged and has the cache made afresh when SQLite finds the file damaged under a channel', async () => {
    const told: string[] = [];
    const damaged = new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT');
    const d = createDispatcher(transportTestHandlers({ 'app.info': () => Promise.reject(damaged) }), (s) => s.origin === trusted.origin, silentLogger, {
      cacheDamaged: (message) => told.push(message),
    });
    expect(await d('app.info', undefined, trusted)).toMatchObject({ ok: false, error: { reason: 'cache-damaged' } });
    expect(told).toEqual(['database disk image is malformed']);
    // A full disk is no damage: nothing is made afresh, the agent is told that nothing was saved.
    const full = createDispatcher(transportTestHandlers({ 'app.info': () => Promise.reject(new Database.SqliteError('database or disk is full', 'SQLITE_FULL')) }), () => true, silentLogger, {
      cacheDamaged: (message) => told.push(message),
    });
    expect(await full('app.info', undefined, trusted)).toEqual({
      ok: false,
      error: { reason: 'cache-unwritable', message: 'The copy of your tickets on this workstation cannot be written (database or disk is full); nothing was saved.' },
    });
    expect(told).toHaveLength(1);
    // The same for a download or staged file on a full disk (/dev/full answers every write with ENOSPC).
    const enospc = ((): Error => {
      try {
        writeFileSync('/dev/full', 'Kontoauszug');
      } catch (error) {
        if (error instanceof Error) return error;
      }
      throw new Error('/dev/full took the write');
    })();
    const fullFile = createDispatcher(transportTestHandlers({ 'app.info': () => Promise.reject(enospc) }), () => true, silentLogger, { cacheDamaged: (message) => told.push(message) });
    expect(await fullFile('app.info', undefined, trusted)).toMatchObject({ ok: false, error: { reason: 'cache-unwritable', message: expect.stringContaining('ENOSPC') as unknown } });
    expect(told).toHaveLength(1);
  });

  it('refuses to pass on a value that breaks the contract', async () => {
    const d = dispatch({ 'session.current': () => Promise.resolve(ok({ state: 'bogus' } as never)) });
    expect(await d('session.current', undefined, trusted)).toMatchObject({ ok: false, error: { reason: 'internal-error' } });
  });
});
