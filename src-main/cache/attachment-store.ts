import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { writeFileWhole } from '../../src-shared/node/write-whole.js';

/** Default cap of one agent's attachment cache. */
export const defaultAttachmentCacheBytes = 512 * 1024 * 1024;

/**
 * Attachment content downloaded on demand, kept in the user-data folder by content hash and
 * capped in size: when a new file would pass the cap, the least recently used ones go first.
 * A file is stored only when its content has the sha256 the feed's metadata names.
 */
export class AttachmentStore {
  constructor(
    private readonly dir: string,
    private readonly maxBytes: number = defaultAttachmentCacheBytes,
  ) {}

  /** The cached file of this content, touched as recently used; null when not cached. */
  find(sha256: string): { file: string; size: number } | null {
    const file = this.fileOf(sha256);
    try {
      const { size } = statSync(file);
      const now = new Date();
      utimesSync(file, now, now);
      return { file, size };
    } catch {
      return null;
    }
  }

  /** Keeps downloaded content; refused (false) when it is not what the metadata promised. */
  put(sha256: string, content: Buffer): boolean {
    if (createHash('sha256').update(content).digest('hex') !== sha256) return false;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.makeRoom(content.length);
    const file = this.fileOf(sha256);
    writeFileWhole(file, content);
    return true;
  }

  /** Removes downloads no cached ticket claims any more (its ticket left the agent's view or the cache); returns how many. */
  sweep(claimed: ReadonlySet<string>): number {
    let removed = 0;
    for (const file of this.files()) {
      const name = path.basename(file.file);
      if (claimed.has(name)) continue;
      rmSync(file.file, { force: true });
      removed += 1;
    }
    return removed;
  }

  /** Everything cached, in bytes. */
  size(): number {
    return this.files().reduce((sum, file) => sum + file.size, 0);
  }

  private makeRoom(incoming: number): void {
    const files = this.files().sort((a, b) => a.usedAt - b.usedAt);
    let total = files.reduce((sum, file) => sum + file.size, 0);
    for (const file of files) {
      if (total + incoming <= this.maxBytes) break;
      rmSync(file.file, { force: true });
      total -= file.size;
    }
  }

  private files(): { file: string; size: number; usedAt: number }[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      const file = path.join(this.dir, name);
      try {
        const stat = statSync(file);
        return [{ file, size: stat.size, usedAt: stat.mtimeMs }];
      } catch {
        return [];
      }
    });
  }

  private fileOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/u.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.dir, sha256);
  }
}
