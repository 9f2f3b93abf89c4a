import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The per-user folder outside Electron: KONTOR_USER_DATA, else the XDG config folder. */
export function defaultUserDataDir(env = process.env): string {
  const dir = env.KONTOR_USER_DATA ?? path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'kontor-desk');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
