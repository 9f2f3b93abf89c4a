// `npm start`: builds Kontor Desk, builds better-sqlite3 for Electron (once per version), and
// opens the Desk in Electron. Where the Electron binary is missing or cannot start (as on build
// machines without internet or display), or better-sqlite3 cannot be built for it, it says so
// and points to the browser host.
import { spawn, spawnSync } from 'node:child_process';

const fallback = 'run `npm run start:browser` to use Kontor Desk in a local Chromium instead.';

const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// electron's index.js downloads the binary on first use; capture its noise, report one line.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: process.cwd(),
  encoding: 'utf8',
  timeout: 180_000,
});
if (probe.status !== 0 || !probe.stdout) {
  console.error(`Kontor Desk: the Electron binary is missing and could not be fetched here; ${fallback}`);
  process.exit(1);
}

const electronPath = probe.stdout;

// Electron needs better-sqlite3 built for its own ABI, in a folder of its own so that Node's
// build in node_modules (tests, browser host) stays as it is; built once per version.
const sqlite = spawnSync(process.execPath, ['scripts/build-electron-sqlite.mjs'], { stdio: 'inherit' });
if (sqlite.status !== 0) {
  console.error(`Kontor Desk: Electron cannot open its SQLite cache without that build; ${fallback}`);
  process.exit(1);
}

const started = Date.now();
const child = spawn(electronPath, ['.'], { stdio: ['ignore', 'inherit', 'pipe'] });
let stderr = '';
child.stderr.on('data', (chunk) => {
  stderr += chunk;
  process.stderr.write(chunk);
});
child.on('error', (error) => {
  console.error(`Kontor Desk: Electron cannot start here (${error.message}); ${fallback}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (code !== 0 && Date.now() - started < 15_000) {
    const why = stderr.trim().split('\n').pop() || `exit ${code ?? signal}`;
    console.error(`Kontor Desk: Electron cannot start here (${why}); ${fallback}`);
    process.exit(1);
  }
  process.exit(code ?? 0);
});
