import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { directoryConfigSchema, type DirectoryConfig } from '../src-shared/node/directory/config.js';

export const deskConfigSchema = z.strictObject({
  server: z.union([
    z.strictObject({ embedded: z.literal(true) }),
    z.strictObject({ url: z.url(), caFile: z.string().min(1).optional() }),
  ]),
  /** The directory the Desk binds to as the agent (no service account here). */
  directory: directoryConfigSchema,
  /** The offline cache (docs/desk.md). */
  cache: z
    .strictObject({
      /** Closed tickets whose last change is older leave the cache; fetched on demand when online. */
      retentionMonths: z.number().int().min(1).max(120).default(12),
      /** Days after the last online sign-in during which the password opens the cache offline. */
      offlineUnlockDays: z.number().int().min(0).max(90).default(7),
      /** Cap of the downloaded-attachment cache per agent. */
      attachmentCacheMegabytes: z.number().int().min(10).max(100_000).default(512),
    })
    .default({ retentionMonths: 12, offlineUnlockDays: 7, attachmentCacheMegabytes: 512 }),
});
export type DeskConfig = z.infer<typeof deskConfigSchema>;
export type DeskConfigInput = z.input<typeof deskConfigSchema>;

export class DeskConfigError extends Error {}

/**
 * The Desk's configuration: `KONTOR_DESK_CONFIG`, else `kontor-desk.json` in the user-data
 * folder, else the embedded default (own server on PGlite, the demo directory).
 */
export function loadDeskConfig(userDataDir: string, resourcesDir: string, env = process.env): { file: string; config: DeskConfig } {
  const candidates = [env.KONTOR_DESK_CONFIG, path.join(userDataDir, 'kontor-desk.json')].filter((f): f is string => Boolean(f));
  const file = candidates.find((f) => existsSync(f)) ?? path.join(resourcesDir, 'config', 'desk.embedded.json');
  if (env.KONTOR_DESK_CONFIG && file !== env.KONTOR_DESK_CONFIG) throw new DeskConfigError(`KONTOR_DESK_CONFIG names ${env.KONTOR_DESK_CONFIG}, which does not exist.`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeskConfigError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = deskConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DeskConfigError(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return { file, config: resolvePaths(parsed.data, path.dirname(file)) };
}

/** Relative file names in a config file mean "next to that file". */
function resolvePaths(config: DeskConfig, dir: string): DeskConfig {
  const directory: DirectoryConfig =
    config.directory.kind === 'ldif'
      ? { ...config.directory, file: path.resolve(dir, config.directory.file) }
      : { ...config.directory, caFile: path.resolve(dir, config.directory.caFile) };
  const server = 'url' in config.server && config.server.caFile ? { ...config.server, caFile: path.resolve(dir, config.server.caFile) } : config.server;
  return { ...config, server, directory };
}
