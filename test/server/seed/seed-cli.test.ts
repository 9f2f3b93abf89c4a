import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pullAll, signIn } from '../feed/support/feed-client.js';
import { temporaryDirectory } from '../support/temporary.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = path.join(repository, 'node_modules/.bin/tsx');

interface Run {
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  kill(): void;
}
const runs: Run[] = [];

function run(script: string, args: string[]): Run {
  const child = spawn(tsx, [script, ...args], { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = { stdout: () => stdout, stderr: () => stderr, exited, kill: () => void child.kill('SIGTERM') };
  runs.push(started);
  return started;
}

async function listeningUrl(server: Run): Promise<string> {
  for (;;) {
    const line = server.stdout().split('\n')[0];
    if (line !== undefined && server.stdout().includes('\n')) return z.object({ url: z.string() }).parse(JSON.parse(line)).url;
    const code = await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve('waiting'), 100))]);
    if (code !== 'waiting') throw new Error(`server exited with ${String(code)}: ${server.stderr()}`);
  }
}

describe('npm run seed', () => {
  afterEach(() => {
    for (const started of runs.splice(0)) started.kill();
  });

  it('builds the bank in one command: directory, database and a config that serves both', async () => {
    const out = temporaryDirectory('kontor-seed-cli-');
    const seed = run('src-server/seed/cli.ts', ['--tickets', '60', '--days', '30', '--institutions', '8', '--customers', '30', '--agents', '20', '--out', out]);
    expect(await seed.exited, seed.stderr()).toBe(0);
    expect(seed.stdout()).toMatch(/seeded 60 tickets, \d+ articles/u);
    expect(seed.stdout()).toContain('institutions 8 created');
    expect(readFileSync(path.join(out, 'directory.ldif'), 'utf8')).toContain('Globex (Europe) *Ltd*');
    expect(existsSync(path.join(out, 'data'))).toBe(true);

    const server = run('src-server/cli.ts', ['--config', path.join(out, 'server.json')]);
    const url = await listeningUrl(server);
    // A team lead of ServiceLine and settlement sees the seeded tickets of those queues, and every Desk the bank's people.
    const { changes } = await pullAll(url, await signIn(url, 'mmueller'));
    const count = (entity: string): number => changes.filter((change) => change.entity === entity).length;
    expect(count('institution')).toBe(8);
    expect(count('customer-user')).toBe(30);
    expect(count('agent')).toBeGreaterThan(10);
    expect(count('calendar')).toBe(2);
    expect(count('ticket')).toBeGreaterThan(0);
    expect(count('article')).toBeGreaterThan(count('ticket'));

    // Into a database that has tickets already: refused, nothing changed.
    server.kill();
    await server.exited;
    const again = run('src-server/seed/cli.ts', ['--tickets', '5', '--days', '30', '--out', out]);
    expect(await again.exited).toBe(1);
    expect(again.stderr()).toContain('the database has tickets already');
  }, 120_000);

  it('says what was wrong with the command line', async () => {
    const missing = run('src-server/seed/cli.ts', []);
    expect(await missing.exited).toBe(2);
    expect(missing.stderr()).toContain('--tickets N is required');
    const zero = run('src-server/seed/cli.ts', ['--tickets', '0']);
    expect(await zero.exited).toBe(2);
    expect(zero.stderr()).toContain('--tickets: expected a positive whole number, got "0"');
  });
});
