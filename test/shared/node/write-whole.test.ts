import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileWhole } from '../../../src-shared/node/write-whole.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

describe('writing a file whole', () => {
  it('replaces the file at once and leaves no temporary file', () => {
    const file = path.join(temporaryDirectory('kontor-write-'), 'verifier.json');
    writeFileSync(file, 'old');
    writeFileWhole(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('on a full disk keeps the old file, removes what it had begun, and says why', () => {
    const file = path.join(temporaryDirectory('kontor-write-'), 'download');
    writeFileSync(file, 'old');
    // /dev/full answers every write with ENOSPC, as a full disk does: the temporary file is written there.
    symlinkSync('/dev/full', `${file}.tmp`);
    expect(() => writeFileWhole(file, Buffer.alloc(64 * 1024, 1))).toThrow(expect.objectContaining({ code: 'ENOSPC' }) as unknown);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });
});
