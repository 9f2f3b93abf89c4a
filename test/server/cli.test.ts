import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loginResponseSchema } from '../../src-shared/api/sessions.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { postLogin, request } from './support/http.js';
import { temporaryDirectory } from './support/temporary.js';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const tsx = path.join(repository, 'node_modules/.bin/tsx');
const listeningSchema = z.strictObject({ event: z.literal('listening'), url: z.string().regex(/^http:\/\/127\.0\.0\.1:\d+$/u) });

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

const runs: Run[] = [];

function runCli(args: string[]): Run {
  const child = spawn(tsx, ['src-server/cli.ts', ...args], { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run = { child, stdout: () => stdout, stderr: () => stderr, exited };
  runs.push(run);
  return run;
}

/** Resolves with the URL of the one JSON line the launcher waits for. */
function listening(run: Run): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const line = run.stdout().split('\n')[0];
      if (line !== undefined && run.stdout().includes('\n')) resolve(listeningSchema.parse(JSON.parse(line)).url);
    };
    run.child.stdout?.on('data', check);
    void run.exited.then((code) => reject(new Error(`server exited with ${String(code)}: ${run.stderr()}`)));
  });
}

async function stop(run: Run): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exited;
}

describe('kontor-server command line', () => {
  // A failed assertion must not leave a server running.
  afterEach(() => {
    for (const run of runs.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });

  it('starts the embedded default, prints one JSON line, keeps its PGlite data in --data-dir and stops on SIGTERM', async () => {
    const dataDir = temporaryDirectory('kontor-cli-');
    const first = runCli(['--data-dir', dataDir, '--port', '0']);
    const url = await listening(first);
    const health = await request(`${url}/api/v1/health`);
    expect(health.json).toMatchObject({ status: 'ok', database: 'pglite' });
    const login = await postLogin(url, 'mmueller', demoPassword);
    expect(login.status, login.text).toBe(201);
    const { token } = loginResponseSchema.parse(login.json);
    expect(await stop(first)).toBe(0);
    expect(first.stdout().trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(dataDir, 'server-db'))).toBe(true);

    // The session survives a restart: it lives in the data folder, not in memory.
    const second = runCli(['--data-dir', dataDir]);
    const secondUrl = await listening(second);
    expect((await request(`${secondUrl}/api/v1/sessions/current`, { token })).status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    // Two cold starts of PGlite (WebAssembly) take several seconds each on a busy 2-core machine.
  }, 90_000);

  it('exits with 2 and names the field of a bad config', async () => {
    const file = path.join(temporaryDirectory('kontor-cli-'), 'server.json');
    writeFileSync(file, JSON.stringify({ listen: { host: '127.0.0.1', port: -1 } }));
    const run = runCli(['--config', file]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('listen.port');
    expect(run.stdout()).toBe('');
  });

  it('exits with 2 on an unknown option', async () => {
    const run = runCli(['--verbose']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('usage: kontor-server');
  });

  it('exits with 2 when sync-directory is not told which config to sync with', async () => {
    for (const args of [['sync-directory'], ['sync-directory', 'server.json']]) {
      const run = runCli(args);
      expect(await run.exited).toBe(2);
      expect(run.stderr()).toContain('sync-directory');
      expect(run.stderr()).toContain('--config FILE');
      expect(run.stdout()).toBe('');
    }
  });
});
