import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `content` to `file` whole or not at all: into `<file>.tmp` first, then renamed over it, so
 * that a crash leaves the old file or the new one, never half of one. When the write fails (a full
 * disk) the half-written temporary file is removed again, so that it takes no room, and the error
 * goes on to the caller.
 */
export function writeFileWhole(file: string, content: string | Buffer, mode = 0o600): void {
  const temporary = `${file}.tmp`;
  try {
    writeFileSync(temporary, content, { mode });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
