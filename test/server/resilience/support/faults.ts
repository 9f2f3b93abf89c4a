import type pg from 'pg';
import { sleep } from '../../../harness/process.js';
import { request } from '../../support/http.js';

/** The sequencer's advisory lock key (src-server/sync/sequencer.ts): classid 0, objid the key. */
const sequencerLockObjid = 0x6b6f6e74;

/** Which backends of Kontor Server to terminate, as PostgreSQL's administrator would. */
export type BackendKind = 'idle pooled' | 'in a transaction' | 'listener' | 'sequencer';

const selectors: Record<BackendKind, string> = {
  'idle pooled': `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kontor-server' AND state = 'idle'`,
  'in a transaction': `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kontor-server'
                         AND state IN ('active', 'idle in transaction') AND xact_start IS NOT NULL`,
  listener: `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kontor-listener'`,
  sequencer: `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = ${String(sequencerLockObjid)} AND granted`,
};

/**
 * Terminates backends of `kind` with pg_terminate_backend, polling for up to `withinMs` until at
 * least one was caught (a stamping transaction lasts a millisecond or two). Returns how many.
 */
export async function terminateBackends(admin: pg.Pool, kind: BackendKind, withinMs = 10_000): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const result = await admin.query<{ terminated: boolean }>(`SELECT pg_terminate_backend(pid) AS terminated FROM (${selectors[kind]}) b WHERE pid <> pg_backend_pid()`);
    const count = result.rows.filter((row) => row.terminated).length;
    if (count > 0 || Date.now() > deadline) return count;
    await sleep(kind === 'sequencer' ? 0 : 20);
  }
}

/**
 * Waits until `url` reports ready (database, migrations, directory); throws after `withinMs`,
 * or as soon as `guard` throws (the instance ended: waiting longer says nothing more).
 */
export async function waitUntilReady(url: string, guard: () => void, withinMs = 60_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  let last = '';
  while (Date.now() < deadline) {
    guard();
    try {
      const response = await request(`${url}/api/v1/health/ready`);
      if (response.status === 200) return;
      last = `${String(response.status)} ${response.text}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(100);
  }
  throw new Error(`${url} did not become ready: ${last}`);
}

/** Waits until `condition` holds, polling; throws with `what` after `withinMs`, or when `guard` throws. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, guard: () => void = () => undefined, withinMs = 60_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    guard();
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}
