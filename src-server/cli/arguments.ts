import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ServerConfig } from '../config.js';

export const usage = `usage: kontor-server [--config FILE] [--data-dir DIR] [--port N]
       kontor-server apply-config FILE [--data-dir DIR]
       kontor-server sync-directory --config FILE [--data-dir DIR]
  --config FILE    server config (JSON); default: resources/config/server.embedded.json
  --data-dir DIR   keep the PGlite database in DIR/server-db (the Desk passes its user-data folder)
  --port N         listen on port N instead of the configured one (0 = a free port)
  apply-config     apply the queues of FILE to its database, print what changed, and exit
  sync-directory   read institutions, customer users and agents from the directory into the
                   database once, print what changed, and exit (the server does this every 15 minutes)`;

/** Wrong command-line use; the CLI prints the message and the usage and exits with 2. */
export class UsageError extends Error {}

/** Serve (the default), apply a config file's queues and exit, or sync the directory once and exit. */
export type CliCommand = { kind: 'serve' } | { kind: 'apply-config'; file: string } | { kind: 'sync-directory' };

export interface CliArguments {
  command: CliCommand;
  configFile: string | null;
  dataDir: string | null;
  port: number | null;
  help: boolean;
}

export function parseCliArguments(argv: readonly string[]): CliArguments {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const port = values.port === undefined ? null : Number(values.port);
  if (port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`--port: expected a port number from 0 to 65535, got "${values.port ?? ''}"`);
  }
  const command = parseCommand(positionals);
  if (command.kind === 'apply-config' && values.config !== undefined) throw new UsageError('apply-config takes the config file as its argument, not --config');
  if (command.kind === 'sync-directory' && values.config === undefined && values.help !== true) throw new UsageError('sync-directory needs the server config: sync-directory --config FILE');
  return { command, configFile: values.config ?? null, dataDir: values['data-dir'] ?? null, port, help: values.help ?? false };
}

function parseCommand(positionals: readonly string[]): CliCommand {
  const [name, file, ...rest] = positionals;
  if (name === undefined) return { kind: 'serve' };
  if (name === 'sync-directory') {
    if (file !== undefined) throw new UsageError(`sync-directory takes no arguments, got "${[file, ...rest].join(' ')}"; the config goes with --config FILE`);
    return { kind: 'sync-directory' };
  }
  if (name !== 'apply-config') throw new UsageError(`unknown command "${name}"`);
  if (file === undefined) throw new UsageError('apply-config needs the config file: apply-config FILE');
  if (rest.length > 0) throw new UsageError(`apply-config takes one file, got also "${rest.join(' ')}"`);
  return { kind: 'apply-config', file };
}

const embeddedConfig = path.join('resources', 'config', 'server.embedded.json');

/**
 * The embedded default config, found by walking up from the running file: the same search
 * works for src-server/cli.ts under tsx and for a bundle one or two folders deeper.
 */
export function findEmbeddedConfig(fromDir: string): string | null {
  let dir = fromDir;
  for (let level = 0; level < 5; level += 1) {
    const candidate = path.join(dir, embeddedConfig);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** Applies --data-dir and --port on top of the file. */
export function applyOverrides(config: ServerConfig, args: CliArguments): ServerConfig {
  let result = config;
  if (args.dataDir !== null) {
    if (config.database.url !== undefined) throw new UsageError('--data-dir places the PGlite database, but the config sets database.url');
    result = { ...result, database: { ...result.database, pgliteDir: path.resolve(args.dataDir, 'server-db') } };
  }
  if (args.port !== null) result = { ...result, listen: { ...result.listen, port: args.port } };
  return result;
}
