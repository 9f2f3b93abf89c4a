import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { isAlive } from './process.js';

const root = path.resolve(import.meta.dirname, '..', '..');
/** The Desk's browser host as `npm run build` writes it (scripts/build-node.mjs). */
export const browserHostEntry = path.join(root, 'out', 'browser-host', 'index.mjs');
const sources = ['src-main', 'src-shared'].map((dir) => path.join(root, dir));

/**
 * Global setup: tests that run Kontor Desk as a process start `out/browser-host/index.mjs`.
 * `npm test` builds it first; a plain `vitest run` after an edit in src-main would test the old
 * bundle, so it is rebuilt here when a source is newer (written beside and renamed, so that a
 * Desk starting meanwhile never reads half a file). Options as in scripts/build-node.mjs.
 */
export default async function setup(): Promise<void> {
  removeAbandonedPins();
  const built = modifiedAt(browserHostEntry);
  if (built !== null && newestSource() <= built) return;
  // A sibling folder at the same depth: the bundle's relative source-map paths stay right after the move.
  const temporaryDir = path.join(root, 'out', `.browser-host-${String(process.pid)}`);
  const temporary = path.join(temporaryDir, path.basename(browserHostEntry));
  await build({
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    entryPoints: [path.join(root, 'src-main/hosts/browser/cli.ts')],
    outfile: temporary,
  });
  mkdirSync(path.dirname(browserHostEntry), { recursive: true });
  renameSync(`${temporary}.map`, `${browserHostEntry}.map`);
  renameSync(temporary, browserHostEntry);
  rmSync(temporaryDir, { recursive: true, force: true });
  console.info(`rebuilt ${path.relative(root, browserHostEntry)} (a source was newer)`);
}

const pinPattern = /^pinned-(\d+)-[0-9a-f]+\.mjs$/u;

/**
 * A copy of the built Desk beside the bundle (the same app root, the same node_modules) for one
 * test file: every Desk it starts and restarts runs the same code, even when the bundle is
 * rebuilt meanwhile by another run in the same tree. `release()` removes it.
 */
export function pinBrowserHost(): { entry: string; release(): void } {
  const entry = path.join(path.dirname(browserHostEntry), `pinned-${String(process.pid)}-${randomBytes(4).toString('hex')}.mjs`);
  copyFileSync(browserHostEntry, entry);
  return { entry, release: () => rmSync(entry, { force: true }) };
}

/** Pins of test processes that ended without releasing them. */
function removeAbandonedPins(): void {
  const dir = path.dirname(browserHostEntry);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = pinPattern.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) rmSync(path.join(dir, name), { force: true });
  }
}

function modifiedAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function newestSource(): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.tsx?$/u.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of sources) visit(dir);
  return newest;
}
