/**
 * Opens an agent's cache as Kontor Desk does, in a process whose files may not grow past the
 * `ulimit -f` its parent set (test/main/cache/cache-recovery.test.ts): the operating system
 * answers every larger write with EFBIG, as a full disk answers ENOSPC. Prints the outcome.
 * Usage: node --import tsx open-under-file-limit.ts <cache folder> <agent id>
 */
import { CacheUnusableError, openAgentCache } from '../../../../src-main/cache/cache-recovery.js';

// Without a handler the signal ends the process; with it, the write fails and SQLite reports it.
process.on('SIGXFSZ', () => undefined);
const [dir, agentId] = process.argv.slice(2);
if (dir === undefined || agentId === undefined) throw new Error('usage: open-under-file-limit.ts <cache folder> <agent id>');
try {
  const { db, rebuilt } = openAgentCache(dir, agentId);
  db.close();
  console.log(JSON.stringify({ ok: true, rebuilt }));
} catch (error) {
  if (!(error instanceof CacheUnusableError)) throw error;
  console.log(JSON.stringify({ ok: false, kind: error.kind, message: error.message }));
}
