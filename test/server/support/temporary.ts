import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Folders made by this test file's process and not removed yet. */
const made: string[] = [];

/**
 * A fresh folder under the system temp folder, removed with everything in it after the test
 * file's last hook (test/harness/remove-temporary.ts), so that runs leave nothing behind.
 */
export function temporaryDirectory(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Leaves `dir` (made by `temporaryDirectory`) in place after the run: the logs of a failed run,
 * for the one who reads why.
 */
export function keepTemporaryDirectory(dir: string): void {
  const at = made.indexOf(dir);
  if (at >= 0) made.splice(at, 1);
}

/** Removes every folder `temporaryDirectory` made so far. */
export function removeTemporaryDirectories(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
