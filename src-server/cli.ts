/**
 * Kontor Server from the command line: `tsx src-server/cli.ts [--config FILE]`, or the bundle
 * built from this file. Once listening it prints exactly one JSON line to stdout,
 * `{"event":"listening","url":"http://127.0.0.1:PORT"}`, which the Desk's launcher waits for;
 * everything else (logs, errors) goes to stderr. Exit codes: 0 after SIGTERM/SIGINT,
 * 1 when the server fails, 2 for a wrong command line or config.
 *
 * `apply-config FILE` applies the queues of FILE to its database, prints what changed and
 * exits with 0 (docs/configuration-queues.md). `sync-directory --config FILE` reads the
 * directory into the database once, prints what changed and exits with 0, or with 1 and the
 * reason when the directory or the database cannot be reached (docs/server.md, "Directory sync").
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type KontorServer } from './app.js';
import { runApplyConfig } from './cli/apply-config-command.js';
import { CommandFailure, runSyncDirectory } from './cli/sync-directory-command.js';
import { applyOverrides, findEmbeddedConfig, parseCliArguments, usage, UsageError } from './cli/arguments.js';
import { ConfigError, loadServerConfig } from './config.js';
import { DatabaseUnavailableError } from './db/connection-errors.js';
import { DirectoryConfigError } from '../src-shared/node/directory/types.js';

async function main(argv: readonly string[]): Promise<void> {
  const args = parseCliArguments(argv);
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (args.command.kind === 'apply-config') {
    await runApplyConfig(applyOverrides(await loadServerConfig(args.command.file), args), process.stdout, process.stderr);
    return;
  }
  if (args.command.kind === 'sync-directory') {
    if (args.configFile === null) throw new UsageError('sync-directory needs the server config: sync-directory --config FILE');
    await runSyncDirectory(applyOverrides(await loadServerConfig(args.configFile), args), process.stdout);
    return;
  }
  const configFile = args.configFile ?? findEmbeddedConfig(path.dirname(fileURLToPath(import.meta.url)));
  if (configFile === null) throw new UsageError('no --config given and resources/config/server.embedded.json not found');
  const config = applyOverrides(await loadServerConfig(configFile), args);

  const server = await createServer(config);
  stopOnSignals(server);
  try {
    const url = await server.listen();
    process.stdout.write(`${JSON.stringify({ event: 'listening', url })}\n`);
  } catch (error) {
    await server.close().catch(() => undefined);
    throw error;
  }
}

function stopOnSignals(server: KontorServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal while closing means "now": the operator has stopped waiting.
    if (stopping) process.exit(1);
    stopping = true;
    server.app.log.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'closing failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const configProblem = error instanceof UsageError || error instanceof ConfigError;
  // Conditions an operator fixes outside Kontor: the message says it all, a stack would only hide it.
  const explained = configProblem || error instanceof CommandFailure || error instanceof DatabaseUnavailableError || error instanceof DirectoryConfigError;
  process.stderr.write(`kontor-server: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof UsageError) process.stderr.write(`${usage}\n`);
  if (!explained && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(configProblem ? 2 : 1);
});
