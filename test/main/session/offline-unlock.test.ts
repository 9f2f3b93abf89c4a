import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OfflineUnlocker } from '../../../src-main/session/offline-unlock.js';
import type { SignedInAgent } from '../../../src-shared/domain/people.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

function agent(id: string, username: string): SignedInAgent {
  return {
    agent: { id, dn: `uid=${username},ou=agents,dc=bank,dc=example`, username, displayName: username, email: null, roles: ['settlement'] },
    permissions: { settlement: ['rw'] },
  };
}

describe('offline unlock', () => {
  it('opens with the right password within the limit, refuses a wrong one, and expires after the limit', async () => {
    let now = new Date('2026-12-01T08:00:00Z');
    const dir = temporaryDirectory('kontor-offline-');
    const unlocker = new OfflineUnlocker(dir, { maxDays: 7, now: () => now });
    await unlocker.remember('MMueller ', 'Sommer-2026!', agent('id-mm', 'mmueller'));

    expect(await unlocker.unlock('mmueller', 'Sommer-2026!')).toMatchObject({ ok: true, signedIn: { agent: { id: 'id-mm' } }, onlineAt: '2026-12-01T08:00:00.000Z' });
    expect(await unlocker.unlock('mmueller', 'sommer-2026!')).toMatchObject({ ok: false, reason: 'invalid-credentials' });
    expect(await unlocker.unlock('someone.else', 'Sommer-2026!')).toMatchObject({ ok: false, reason: 'no-offline-login' });

    now = new Date('2026-12-08T07:59:00Z');
    expect(await unlocker.unlock('mmueller', 'Sommer-2026!')).toMatchObject({ ok: true });
    now = new Date('2026-12-08T08:01:00Z');
    const expired = await unlocker.unlock('mmueller', 'Sommer-2026!');
    expect(expired).toMatchObject({ ok: false, reason: 'offline-expired' });
    expect(!expired.ok && expired.message).toContain('7 days');
  });

  it('keeps a slow verifier, not the password, in a file only the owner may read, named by no one', async () => {
    const dir = temporaryDirectory('kontor-offline-');
    await new OfflineUnlocker(dir, { maxDays: 7 }).remember('mmueller', 'Sommer-2026!', agent('id-mm', 'mmueller'));
    const [name, ...others] = readdirSync(dir);
    expect(others).toEqual([]);
    expect(name).toMatch(/^[0-9a-f]{32}\.json$/u);
    const file = path.join(dir, name ?? '');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('Sommer-2026!');
    expect(JSON.parse(text)).toMatchObject({ kdf: 'scrypt', N: 32768, r: 8, p: 1 });
  });

  it('never lets one agent open with another agent\'s password', async () => {
    const dir = temporaryDirectory('kontor-offline-');
    const unlocker = new OfflineUnlocker(dir, { maxDays: 7 });
    await unlocker.remember('mmueller', 'password-of-mm', agent('id-mm', 'mmueller'));
    await unlocker.remember('sobrien', 'password-of-so', agent('id-so', 'sobrien'));
    expect(await unlocker.unlock('mmueller', 'password-of-so')).toMatchObject({ ok: false, reason: 'invalid-credentials' });
    expect(await unlocker.unlock('sobrien', 'password-of-so')).toMatchObject({ ok: true, signedIn: { agent: { id: 'id-so' } } });
  });

  it('slows down guessing after three wrong passwords', async () => {
    const now = new Date('2026-12-01T08:00:00Z');
    const unlocker = new OfflineUnlocker(temporaryDirectory('kontor-offline-'), { maxDays: 7, now: () => now });
    await unlocker.remember('mmueller', 'right', agent('id-mm', 'mmueller'));
    for (let i = 0; i < 3; i += 1) expect(await unlocker.unlock('mmueller', `wrong-${i}`)).toMatchObject({ ok: false, reason: 'invalid-credentials' });
    const waiting = await unlocker.unlock('mmueller', 'right');
    expect(waiting).toMatchObject({ ok: false, reason: 'invalid-credentials' });
    expect(!waiting.ok && waiting.message).toMatch(/try again in \d+ s/u);
  });

  it('treats a damaged verifier file as none', async () => {
    const dir = temporaryDirectory('kontor-offline-');
    const unlocker = new OfflineUnlocker(dir, { maxDays: 7 });
    await unlocker.remember('mmueller', 'right', agent('id-mm', 'mmueller'));
    const [name] = readdirSync(dir);
    writeFileSync(path.join(dir, name ?? ''), '{"version":1,');
    expect(await unlocker.unlock('mmueller', 'right')).toMatchObject({ ok: false, reason: 'no-offline-login' });
  });
});
