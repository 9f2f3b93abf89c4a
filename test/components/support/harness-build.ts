import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

// The harness page is bundled with Vite as the renderer is (electron.vite.config.ts: the React
// plugin, Mantine's static CSS, relative base) and kept in out/component-harness/<hash>/, the hash
// taken over everything the bundle is made of. Test files run in parallel: the first to need a
// bundle builds it under a lock directory, the others wait for it and then share it.

const repo = path.resolve(import.meta.dirname, '../../..');
const harnessDir = path.join(repo, 'test/components/harness');
const cacheDir = path.join(repo, 'out/component-harness');
/** What the bundle is built from: the harness, the renderer, browser-side shared code and the locked dependencies. */
const sources = [harnessDir, path.join(repo, 'src-renderer'), path.join(repo, 'src-shared'), path.join(repo, 'package-lock.json')];
const skipped = new Set([path.join(repo, 'src-shared/node')]);
/** A lock older than this belongs to a run that died: take it over. */
const staleLockMillis = 5 * 60_000;
const waitMillis = 180_000;
/** Bundles of older sources are removed once they are this old: no test file runs that long on one. */
const oldBundleMillis = 60 * 60_000;

function filesOf(entry: string): string[] {
  if (skipped.has(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry)
    .sort()
    .flatMap((child) => filesOf(path.join(entry, child)));
}

function sourceHash(): string {
  const hash = createHash('sha256');
  // Under vitest NODE_ENV is `test` and React is bundled for development; a profile wants production: never one for the other.
  hash.update(`${process.env.NODE_ENV ?? ''}\0`);
  for (const file of sources.flatMap(filesOf)) {
    hash.update(path.relative(repo, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

async function bundle(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: harnessDir,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, rolldownOptions: { input: path.join(harnessDir, 'index.html') } },
  });
}

function removeOldBundles(current: string): void {
  for (const name of readdirSync(cacheDir)) {
    const folder = path.join(cacheDir, name);
    const changedAt = statSync(folder, { throwIfNoEntry: false })?.mtimeMs;
    if (!name.startsWith(current) && changedAt !== undefined && Date.now() - changedAt > oldBundleMillis) rmSync(folder, { recursive: true, force: true });
  }
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** The built harness page's folder, built now if no bundle of the current sources exists yet. */
export async function harnessBundle(): Promise<string> {
  const hash = sourceHash();
  const ready = path.join(cacheDir, hash);
  const lock = `${ready}.lock`;
  mkdirSync(cacheDir, { recursive: true });
  const deadline = Date.now() + waitMillis;
  while (!existsSync(path.join(ready, 'index.html'))) {
    if (Date.now() > deadline) throw new Error(`No component harness bundle after ${waitMillis / 1000} s (lock ${lock})`);
    try {
      mkdirSync(lock);
    } catch {
      const lockedAt = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (lockedAt !== undefined && Date.now() - lockedAt > staleLockMillis) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      const building = `${ready}.building-${process.pid}`;
      await bundle(building);
      rmSync(ready, { recursive: true, force: true });
      renameSync(building, ready);
      removeOldBundles(hash);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return ready;
}
