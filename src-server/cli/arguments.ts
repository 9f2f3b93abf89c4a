import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ServerConfig } from '../config.js';

export const usage = `usage: kontor-server [--config FILE] [--data-dir DIR] [--port N]
  --config FILE    server config (JSON); default: resources/config/server.embedded.json
  --data-dir DIR   keep the PGlite database in DIR/server-db (the Desk passes its user-data folder)
  --port N         listen on port N instead of the configured one (0 = a free port)`;

/** Wrong command-line use; the CLI prints the message and the usage and exits with 2. */
export class UsageError extends Error {}

export interface CliArguments {
  configFile: string | null;
  dataDir: string | null;
  port: number | null;
  help: boolean;
}

export function parseCliArguments(argv: readonly string[]): CliArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const port = values.port === undefined ? null : Number(values.port);
  if (port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`--port: expected a port number from 0 to 65535, got "${values.port ?? ''}"`);
  }
  return { configFile: values.config ?? null, dataDir: values['data-dir'] ?? null, port, help: values.help ?? false };
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
