import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronSqliteBindingPath, sqliteNativeBinding } from '../../../src-main/cache/native-binding.js';

interface BuildScript {
  electronSqlitePaths(root: string, electronVersion: string): { dir: string; binding: string; stamp: string };
  needsBuild(paths: { binding: string; stamp: string }, versions: { electron: string; betterSqlite3: string }): boolean;
  failureReason(output: string): string;
  nodeGypEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  moduleAbiOf(binary: Buffer): string | undefined;
}

// A plain .mjs without type declarations (it runs under Node before any build): typed here.
const buildScriptUrl = new URL('../../../scripts/build-electron-sqlite.mjs', import.meta.url).href;
const buildScript = (await import(buildScriptUrl)) as BuildScript;

let appRoot: string;
beforeEach(() => {
  appRoot = mkdtempSync(path.join(tmpdir(), 'kontor-native-binding-'));
});
afterEach(() => {
  rmSync(appRoot, { recursive: true, force: true });
});

const versions = { electron: '45.5.0', betterSqlite3: '12.11.1' };

/** What a successful run of scripts/build-electron-sqlite.mjs leaves behind. */
function writeBuild(stamp: object | string | null = versions) {
  const paths = buildScript.electronSqlitePaths(appRoot, versions.electron);
  mkdirSync(paths.dir, { recursive: true });
  writeFileSync(paths.binding, 'not really a binary');
  if (stamp !== null) writeFileSync(paths.stamp, typeof stamp === 'string' ? stamp : JSON.stringify(stamp));
  return paths;
}

describe('sqliteNativeBinding', () => {
  it("under Node is undefined, so better-sqlite3 loads its own build even when an Electron copy exists", () => {
    writeBuild();
    expect(sqliteNativeBinding(appRoot, { node: '20.20.2' } as { electron?: string })).toBeUndefined();
    expect(sqliteNativeBinding(appRoot)).toBeUndefined();
  });

  it("under Electron is the copy that npm start built for that Electron version", () => {
    const paths = writeBuild();
    expect(sqliteNativeBinding(appRoot, { electron: '45.5.0' })).toBe(paths.binding);
  });

  it('under Electron without the copy names the version, the path and npm start', () => {
    writeBuild();
    const call = () => sqliteNativeBinding(appRoot, { electron: '46.0.0' });
    expect(call).toThrow(/Electron 46\.0\.0 is missing/u);
    expect(call).toThrow(path.join(appRoot, '.cache', 'electron-sqlite', '46.0.0', 'better_sqlite3.node'));
    expect(call).toThrow(/run npm start, which builds it/u);
  });

  it('looks where the build script writes', () => {
    expect(electronSqliteBindingPath(appRoot, '45.5.0')).toBe(buildScript.electronSqlitePaths(appRoot, '45.5.0').binding);
  });
});

describe('scripts/build-electron-sqlite.mjs', () => {
  it('builds when nothing was built yet', () => {
    expect(buildScript.needsBuild(buildScript.electronSqlitePaths(appRoot, versions.electron), versions)).toBe(true);
  });

  it('skips when the binary is there and its stamp names the same versions', () => {
    expect(buildScript.needsBuild(writeBuild(), versions)).toBe(false);
  });

  it('builds again after better-sqlite3 was upgraded', () => {
    expect(buildScript.needsBuild(writeBuild({ ...versions, betterSqlite3: '12.10.0' }), versions)).toBe(true);
  });

  it('builds again when a run stopped before writing its stamp, or the stamp is damaged', () => {
    expect(buildScript.needsBuild(writeBuild(null), versions)).toBe(true);
    expect(buildScript.needsBuild(writeBuild('{"electron":'), versions)).toBe(true);
  });

  it('builds again when the binary was deleted but the stamp stayed', () => {
    const paths = writeBuild();
    rmSync(paths.binding);
    expect(buildScript.needsBuild(paths, versions)).toBe(true);
  });

  it('says in one line that the headers could not be downloaded, with their address', () => {
    const offline = [
      'gyp info using node-gyp@12.4.0',
      'gyp http GET https://electronjs.org/headers/v45.5.0/node-v45.5.0-headers.tar.gz',
      'gyp WARN install got an error, rolling back install',
      'gyp ERR! configure error ',
      'gyp ERR! stack Error: This is most likely not a problem with node-gyp or the package itself and',
      'gyp ERR! not ok ',
    ].join('\n');
    expect(buildScript.failureReason(offline)).toBe(
      "downloading Electron's headers failed: https://electronjs.org/headers/v45.5.0/node-v45.5.0-headers.tar.gz",
    );
  });

  it("names a compiler's failure by node-gyp's first error line", () => {
    const compileError = ['gyp info spawn make', 'gyp ERR! build error ', 'gyp ERR! stack Error: `make` failed with exit code: 2', 'gyp ERR! not ok '].join('\n');
    expect(buildScript.failureReason(compileError)).toBe('Error: `make` failed with exit code: 2');
  });

  it("keeps npm's header choices (an npmrc's nodedir, target) away from node-gyp, and the rest", () => {
    const env = buildScript.nodeGypEnv({
      npm_config_nodedir: '/usr',
      NPM_CONFIG_TARGET: '20.20.2',
      npm_config_dist_url: 'https://nodejs.org/download/release',
      npm_package_config_node_gyp_runtime: 'node',
      npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
      npm_config_proxy: 'http://proxy.bank.example:3128',
      PATH: '/usr/bin',
    });
    expect(Object.keys(env).sort()).toEqual(['PATH', 'npm_config_cafile', 'npm_config_proxy']);
  });

  it('reads the module ABI a binary was built for, so that a Node build is not taken for Electron', () => {
    expect(buildScript.moduleAbiOf(Buffer.from('\0\0node_register_module_v150\0napi', 'latin1'))).toBe('150');
    expect(buildScript.moduleAbiOf(Buffer.from('\0\0napi_register_module_v1\0', 'latin1'))).toBeUndefined();
    const nodeBuild = readFileSync(new URL('../../../node_modules/better-sqlite3/build/Release/better_sqlite3.node', import.meta.url));
    expect(buildScript.moduleAbiOf(nodeBuild)).toBe(process.versions.modules);
  });
});
