import { existsSync } from 'node:fs';
import path from 'node:path';

/** The runtime versions that decide which build of better-sqlite3 to load (`process.versions`). */
export interface RuntimeVersions {
  readonly electron?: string | undefined;
}

/**
 * Where `npm start` puts better-sqlite3 built for this Electron, below the app root; the same
 * layout as `electronSqlitePaths` in scripts/build-electron-sqlite.mjs (a test checks they agree).
 */
export function electronSqliteBindingPath(appRoot: string, electronVersion: string): string {
  return path.join(appRoot, '.cache', 'electron-sqlite', electronVersion, 'better_sqlite3.node');
}

/**
 * The better-sqlite3 binary for this runtime: under Electron its own copy (Electron's ABI differs
 * from Node's), under Node `undefined`, i.e. the package's own build in node_modules.
 * Passed as `new Database(file, { nativeBinding })`; `appRoot` is `app.getAppPath()` under Electron.
 */
export function sqliteNativeBinding(appRoot: string, versions: RuntimeVersions = process.versions): string | undefined {
  const electron = versions.electron;
  if (electron === undefined) return undefined;
  const binding = electronSqliteBindingPath(appRoot, electron);
  if (!existsSync(binding)) {
    throw new Error(`better-sqlite3 for Electron ${electron} is missing (${binding}); run npm start, which builds it (see docs/desk.md, "SQLite for Node and for Electron").`);
  }
  return binding;
}
