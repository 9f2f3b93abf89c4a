import { applyConfiguredQueues, describeQueueReport } from '../config/apply-config.js';
import type { ServerConfig } from '../config.js';
import { openDatabase } from '../db/open.js';

/**
 * `kontor-server apply-config FILE`: opens (and migrates) the config's database, applies its
 * queues, prints what changed to stdout and warnings to stderr. The server need not be stopped:
 * running instances see the changes through the feed.
 */
export async function runApplyConfig(config: ServerConfig, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<void> {
  const db = await openDatabase(config.database);
  try {
    const report = await applyConfiguredQueues(db, config);
    for (const warning of report?.warnings ?? []) err.write(`warning: ${warning}\n`);
    for (const line of describeQueueReport(report)) out.write(`${line}\n`);
  } finally {
    await db.close();
  }
}
