import { createDirectory } from '../../src-shared/node/directory/index.js';
import type { ServerConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { describeSync } from '../directory-sync/report.js';
import { syncDirectory } from '../directory-sync/sync-directory.js';

/** A command that ran but could not do its work; the CLI prints the message (no stack) and exits with 1. */
export class CommandFailure extends Error {}

/**
 * `kontor-server sync-directory --config FILE`: opens (and migrates) the config's database,
 * syncs institutions, customer users and agents from the directory once, prints the report to
 * stdout. Running servers need not be stopped: they see the changes through the feed, and the
 * advisory lock keeps this run and theirs from writing at the same time.
 */
export async function runSyncDirectory(config: ServerConfig, out: NodeJS.WritableStream): Promise<void> {
  const db = await openDatabase(config.database);
  try {
    const directory =
      config.directory.kind === 'ldap'
        ? createDirectory(config.directory, { dn: config.directory.serviceDn, password: config.directory.servicePassword })
        : createDirectory(config.directory);
    try {
      const result = await syncDirectory(db, directory, config, () => new Date());
      if (!result.ok) throw new CommandFailure(`directory sync failed: ${result.message}`);
      for (const line of describeSync(result)) out.write(`${line}\n`);
    } finally {
      await directory.close();
    }
  } finally {
    await db.close();
  }
}
