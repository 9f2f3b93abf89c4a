// Builds better-sqlite3 for the installed Electron into a folder of its own,
// .cache/electron-sqlite/<electron version>/better_sqlite3.node, which the Desk's main process
// loads with better-sqlite3's `nativeBinding` option (src-main/cache/native-binding.ts).
// node_modules/better-sqlite3 keeps its build for Node (tests, browser host): rebuilding it in
// place for Electron (electron-rebuild, install-app-deps) would break whichever runtime came
// second. Called by `npm start` only; never by npm install or npm test.
//
// Exits 0 when the copy is there or was built, 1 with one line saying what failed otherwise;
// a failed build leaves no binary and no stamp behind (its log goes to
// .cache/electron-sqlite/last-failed-build.log).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bindingName = 'better_sqlite3.node';

/**
 * Where the Electron copy of better-sqlite3 lives below the app root. The same layout is
 * resolved by src-main/cache/native-binding.ts.
 * @param {string} root
 * @param {string} electronVersion
 */
export function electronSqlitePaths(root, electronVersion) {
  const dir = join(root, '.cache', 'electron-sqlite', electronVersion);
  return { dir, binding: join(dir, bindingName), stamp: join(dir, 'stamp.json') };
}

/**
 * True unless the binary exists and its stamp names exactly these versions.
 * @param {{ binding: string, stamp: string }} paths
 * @param {{ electron: string, betterSqlite3: string }} versions
 */
export function needsBuild(paths, versions) {
  if (!existsSync(paths.binding)) return true;
  try {
    const stamp = JSON.parse(readFileSync(paths.stamp, 'utf8'));
    return stamp?.electron !== versions.electron || stamp?.betterSqlite3 !== versions.betterSqlite3;
  } catch {
    return true;
  }
}

/** @param {string} root */
function installedVersions(root) {
  const versionOf = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  return { electron: versionOf('electron'), betterSqlite3: versionOf('better-sqlite3') };
}

/**
 * The environment for node-gyp without the npm settings that choose which headers it compiles
 * against: node-gyp lets npm_config_* override its command line, and an npmrc with `nodedir`
 * (common where Node came from a distribution) would otherwise build for Node's ABI here.
 * @param {NodeJS.ProcessEnv} env
 */
export function nodeGypEnv(env) {
  const headerChoices = new Set(['nodedir', 'target', 'runtime', 'dist-url', 'disturl', 'devdir', 'tarball']);
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => {
      const option = /^(?:npm_config_|npm_package_config_node_gyp_)(.+)$/iu.exec(key)?.[1];
      return option === undefined || !headerChoices.has(option.replaceAll('_', '-').toLowerCase());
    }),
  );
}

/**
 * The module ABI a built binary registers itself for (`node_register_module_v<abi>`), if it says.
 * @param {Buffer} binary
 */
export function moduleAbiOf(binary) {
  return /node_register_module_v(\d+)/u.exec(binary.toString('latin1'))?.[1];
}

/**
 * node-gyp from the project, else the one npm runs install scripts with (npm passes its path
 * as npm_config_node_gyp), else the one bundled with the npm beside this Node.
 * @param {string} root
 */
function findNodeGyp(root) {
  const candidates = [
    join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((candidate) => candidate !== undefined && existsSync(candidate));
}

/**
 * One line saying why node-gyp failed: its header download (the usual case without internet)
 * named with its address, else the first line of its error.
 * @param {string} output
 */
export function failureReason(output) {
  const lines = output.split('\n').map((line) => line.trim());
  const download = lines.find((line) => line.startsWith('gyp http GET '));
  if (download !== undefined && lines.some((line) => line.startsWith('gyp WARN install got an error'))) {
    return `downloading Electron's headers failed: ${download.slice('gyp http GET '.length)}`;
  }
  const error = lines.find((line) => /^gyp ERR! stack \S/u.test(line)) ?? lines.find((line) => /\berror\b/iu.test(line));
  return (error ?? lines.filter(Boolean).at(-1) ?? 'node-gyp printed nothing').replace(/^gyp ERR! (?:stack )?/u, '').slice(0, 240);
}

/**
 * Builds the copy when it is missing or stale; returns the process exit code.
 * @param {string} root
 */
export function buildElectronSqlite(root) {
  const versions = installedVersions(root);
  const paths = electronSqlitePaths(root, versions.electron);
  if (!needsBuild(paths, versions)) return 0;

  const what = `better-sqlite3 ${versions.betterSqlite3} for Electron ${versions.electron}`;
  const fail = (why) => {
    console.error(`Kontor Desk: could not build ${what} (${why}).`);
    return 1;
  };
  const nodeGyp = findNodeGyp(root);
  if (nodeGyp === undefined) return fail('node-gyp not found: neither in node_modules nor bundled with npm');

  console.log(`Kontor Desk: building ${what} into ${relative(root, paths.dir)} (once per version, a few minutes)…`);
  // A copy for an older better-sqlite3 goes first: it does not match the package's JavaScript.
  rmSync(paths.stamp, { force: true });
  rmSync(paths.binding, { force: true });
  const work = mkdtempSync(join(tmpdir(), 'kontor-electron-sqlite-'));
  try {
    // A copy without Node's build/, so that node_modules/better-sqlite3 stays untouched.
    const source = realpathSync(join(root, 'node_modules', 'better-sqlite3'));
    const copy = join(work, 'better-sqlite3');
    cpSync(source, copy, { recursive: true, filter: (path) => path !== join(source, 'build') });
    const result = spawnSync(
      process.execPath,
      [
        nodeGyp,
        'rebuild',
        '--release',
        `--target=${versions.electron}`,
        '--runtime=electron',
        '--dist-url=https://electronjs.org/headers',
        // Electron's headers go where @electron/rebuild keeps them, apart from Node's.
        `--devdir=${join(homedir(), '.electron-gyp')}`,
      ],
      { cwd: copy, env: nodeGypEnv(process.env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60_000 },
    );
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
    if (result.error) return fail(`node-gyp: ${result.error.message}`);
    if (result.status !== 0) {
      mkdirSync(dirname(paths.dir), { recursive: true });
      const log = join(dirname(paths.dir), 'last-failed-build.log');
      writeFileSync(log, output);
      return fail(`${failureReason(output)}; full log in ${relative(root, log)}`);
    }
    const built = join(copy, 'build', 'Release', bindingName);
    if (!existsSync(built)) return fail(`node-gyp succeeded but wrote no ${bindingName}`);
    // Electron would refuse a binary for another ABI only at the first cache open: check now.
    const abiFile = join(root, 'node_modules', 'electron', 'abi_version');
    const electronAbi = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : undefined;
    const builtAbi = moduleAbiOf(readFileSync(built));
    if (electronAbi !== undefined && builtAbi !== undefined && builtAbi !== electronAbi) {
      return fail(`node-gyp built for module ABI ${builtAbi}, Electron ${versions.electron} needs ${electronAbi}`);
    }

    // Binary first, stamp last, each renamed into place: an interrupted run leaves no stamp,
    // so the next run builds again instead of trusting a partial file.
    mkdirSync(paths.dir, { recursive: true });
    cpSync(built, `${paths.binding}.partial`);
    renameSync(`${paths.binding}.partial`, paths.binding);
    writeFileSync(`${paths.stamp}.partial`, `${JSON.stringify(versions)}\n`);
    renameSync(`${paths.stamp}.partial`, paths.stamp);
    console.log(`Kontor Desk: built ${what}.`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function invokedDirectly() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

// Importing (as the tests do) runs nothing.
if (invokedDirectly()) {
  process.exitCode = buildElectronSqlite(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
}
