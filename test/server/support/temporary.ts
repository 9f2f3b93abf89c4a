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

/** Removes every folder `temporaryDirectory` made so far. */
export function removeTemporaryDirectories(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
