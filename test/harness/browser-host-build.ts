import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from './process.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const outDir = path.join(root, 'out');
/** The Desk's browser host as `npm run build` writes it (scripts/build-node.mjs), with whatever it loads beside it. */
const bundleDir = path.join(outDir, 'browser-host');
export const browserHostEntry = path.join(bundleDir, 'index.mjs');
const sources = [path.join(root, 'src-main'), path.join(root, 'src-shared'), path.join(root, 'scripts', 'build-node.mjs')];

/**
 * Global setup: tests that run Kontor Desk as a process start `out/browser-host/index.mjs`.
 * `npm test` builds it first; a plain `vitest run` after an edit in src-main would test the old
 * bundle, so the project's own build script runs here when a source is newer.
 */
export default function setup(): void {
  removeAbandonedPins();
  const built = modifiedAt(browserHostEntry);
  if (built !== null && newestSource() <= built) return;
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], { cwd: root, stdio: 'inherit' });
  console.info('rebuilt out/browser-host and out/server (a source was newer)');
}

const pinPattern = /^browser-host-pinned-(\d+)-[0-9a-f]+$/u;

/**
 * A copy of the built Desk folder beside it (the same app root, the same node_modules) for one
 * test file: every Desk it starts and restarts runs the same code, even when the bundle is
 * rebuilt meanwhile by another run in the same tree. `release()` removes it.
 */
export function pinBrowserHost(): { entry: string; release(): void } {
  const dir = path.join(outDir, `browser-host-pinned-${String(process.pid)}-${randomBytes(4).toString('hex')}`);
  cpSync(bundleDir, dir, { recursive: true });
  return { entry: path.join(dir, path.basename(browserHostEntry)), release: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Pins of test processes that ended without releasing them. */
function removeAbandonedPins(): void {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = pinPattern.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) rmSync(path.join(outDir, name), { recursive: true, force: true });
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
  const visit = (entry: string): void => {
    const stat = statSync(entry);
    if (!stat.isDirectory()) {
      if (/\.(tsx?|mjs)$/u.test(entry)) newest = Math.max(newest, stat.mtimeMs);
      return;
    }
    for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  for (const source of sources) visit(source);
  return newest;
}
