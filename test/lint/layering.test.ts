import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
// Lints in-memory text as if it stood at the given path, with the project's own configuration
// (as .js, which needs no tsconfig entry; the rule looks only at import specifiers).
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  return (await layeringProblems(file, code)).map((problem) => problem.message);
}

/** The rule's message ids for the text; a test names the one it expects. */
async function layeringIds(file: string, code: string): Promise<string[]> {
  return (await layeringProblems(file, code)).map((problem) => problem.messageId ?? '');
}

async function layeringProblems(file: string, code: string): Promise<{ message: string; messageId?: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not lint ${file}: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'kontor/layering');
}

/** A module that uses everything it imports, so that only the import itself is judged. */
const importing = (specifier: string): string => `import * as imported from '${specifier}';\nexport const b = imported;\n`;
const importingType = (specifier: string): string => `import type { Imported } from '${specifier}';\nexport const b = (x) => /** @type {Imported} */ (x);\n`;

describe('the layering rule: folders', () => {
  it('keeps the renderer away from main and server', async () => {
    expect(await layeringErrors('src-renderer/x.js', "import { a } from '../src-main/desk.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await layeringErrors('src-renderer/x.js', "import { a } from '../src-server/app.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await layeringErrors('src-renderer/x.js', "import { a } from '../src-shared/node/log.js';\nexport const b = a;\n")).toHaveLength(1);
  });

  it('keeps main and server apart', async () => {
    expect(await layeringErrors('src-main/x.js', "export { a } from '../src-server/app.js';\n")).toHaveLength(1);
    expect(await layeringErrors('src-server/x.js', "export const m = import('../src-main/desk.js');\n")).toHaveLength(1);
  });

  it('keeps src-shared pure: no other part, no Node, no electron', async () => {
    expect(await layeringErrors('src-shared/x.js', "import { a } from '../src-main/desk.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await layeringErrors('src-shared/x.js', "import fs from 'node:fs';\nexport const b = fs;\n")).toHaveLength(1);
    expect(await layeringErrors('src-server/x.js', "import { app } from 'electron';\nexport const b = app;\n")).toHaveLength(1);
  });

  it('lets every part import src-shared, and main and server import src-shared/node', async () => {
    expect(await layeringErrors('src-renderer/x.js', "import { limits } from '../src-shared/limits.js';\nexport const b = limits;\n")).toEqual([]);
    expect(await layeringErrors('src-server/x.js', "import { redact } from '../src-shared/node/log.js';\nexport const b = redact;\n")).toEqual([]);
    expect(await layeringErrors('src-shared/node/x.js', "import { limits } from '../limits.js';\nexport const b = limits;\n")).toEqual([]);
  });

  it('keeps the preload to src-shared: main-process code never enters the sandbox, nor the preload main', async () => {
    expect(await layeringIds('src-main/preload/x.js', "import { a } from '../dispatcher.js';\nexport const b = a;\n")).toEqual(['crossLayer']);
    expect(await layeringIds('src-main/preload/x.js', "import { a } from '../../src-shared/node/log.js';\nexport const b = a;\n")).toEqual(['crossLayer']);
    expect(await layeringIds('src-main/x.js', "import { a } from './preload/index.js';\nexport const b = a;\n")).toEqual(['crossLayer']);
    expect(await layeringIds('src-main/preload/x.js', "import { a } from '../../src-shared/ipc/channel-names.js';\nexport const b = a;\n")).toEqual([]);
  });

  it('keeps the portal to src-shared, apart from the renderer', async () => {
    expect(await layeringIds('src-portal/x.js', "import { a } from '../src-renderer/app.js';\nexport const b = a;\n")).toEqual(['crossLayer']);
    expect(await layeringIds('src-renderer/x.js', "import { a } from '../src-portal/app.js';\nexport const b = a;\n")).toEqual(['crossLayer']);
    expect(await layeringIds('src-portal/x.js', "import { a } from '../src-shared/node/log.js';\nexport const b = a;\n")).toEqual(['crossLayer']);
    expect(await layeringIds('src-portal/x.js', "import { a } from '../src-server/app.js';\nexport const b = a;\n")).toEqual(['crossLayer']);
    expect(await layeringIds('src-portal/x.js', "import { limits } from '../src-shared/limits.js';\nexport const b = limits;\n")).toEqual([]);
  });
});

/** [file, specifier] pairs: an import of the specifier from the file is reported as `forbiddenPackage`. */
const forbidden: [string, string][] = [
  // src-shared is browser-safe and UI-free: only universal packages.
  ['src-shared/x.js', 'node:crypto'],
  ['src-shared/x.js', 'fs'],
  ['src-shared/x.js', 'fs/promises'],
  ['src-shared/x.js', 'ldapts'],
  ['src-shared/x.js', 'pg'],
  ['src-shared/x.js', 'electron'],
  ['src-shared/x.js', 'react'],
  ['src-shared/x.js', '@mantine/core'],
  // src-shared/node: Node, but neither Electron nor UI.
  ['src-shared/node/x.js', 'electron'],
  ['src-shared/node/x.js', 'react-dom'],
  // The main process: Node and Electron, no UI.
  ['src-main/x.js', 'react'],
  ['src-main/x.js', 'zustand'],
  // The preload is sandboxed: no Node at run time.
  ['src-main/preload/x.js', 'node:fs'],
  ['src-main/preload/x.js', 'path'],
  ['src-main/preload/x.js', 'ws'],
  ['src-main/preload/x.js', 'react'],
  // The server: Node, never Electron or UI.
  ['src-server/x.js', 'electron'],
  ['src-server/x.js', 'react-dom/client'],
  ['src-server/x.js', '@mantine/core'],
  ['src-server/x.js', '@tanstack/react-query'],
  // The renderer runs in a browser: no Node built-in, Node-only or Electron package.
  ['src-renderer/x.js', 'node:fs'],
  ['src-renderer/x.js', 'fs'],
  ['src-renderer/x.js', 'fs/promises'],
  ['src-renderer/x.js', 'path'],
  ['src-renderer/x.js', 'crypto'],
  ['src-renderer/x.js', 'pg'],
  ['src-renderer/x.js', 'pg/lib/client'],
  ['src-renderer/x.js', 'ldapts'],
  ['src-renderer/x.js', 'fastify'],
  ['src-renderer/x.js', '@fastify/websocket'],
  ['src-renderer/x.js', 'ws'],
  ['src-renderer/x.js', 'better-sqlite3'],
  ['src-renderer/x.js', '@electric-sql/pglite'],
  ['src-renderer/x.js', 'electron'],
  ['src-renderer/x.js', '@electron/remote'],
  // The portal likewise.
  ['src-portal/x.js', 'node:crypto'],
  ['src-portal/x.js', 'pg'],
  ['src-portal/x.js', 'fastify'],
  ['src-portal/x.js', 'electron'],
];

/** [file, specifier] pairs that pass. */
const allowed: [string, string][] = [
  ['src-shared/x.js', 'zod'],
  ['src-shared/node/x.js', 'node:crypto'],
  ['src-shared/node/x.js', 'ldapts'],
  ['src-shared/node/x.js', 'zod'],
  ['src-main/x.js', 'node:fs'],
  ['src-main/x.js', 'fs'],
  ['src-main/x.js', 'ws'],
  ['src-main/x.js', 'ldapts'],
  ['src-main/x.js', 'zod'],
  ['src-main/index.js', 'electron'],
  ['src-main/preload/x.js', 'zod'],
  ['src-server/x.js', 'node:crypto'],
  ['src-server/x.js', 'fastify'],
  ['src-server/x.js', '@fastify/websocket'],
  ['src-server/x.js', 'pg'],
  ['src-server/x.js', 'pg/lib/client'],
  ['src-server/x.js', '@electric-sql/pglite'],
  ['src-server/x.js', 'ldapts'],
  ['src-server/x.js', 'zod'],
  ['src-renderer/x.js', 'react'],
  ['src-renderer/x.js', 'react-dom/client'],
  ['src-renderer/x.js', '@mantine/core'],
  ['src-renderer/x.js', '@mantine/hooks'],
  ['src-renderer/x.js', '@tanstack/react-query'],
  ['src-renderer/x.js', 'zustand'],
  ['src-renderer/x.js', 'zustand/middleware'],
  ['src-renderer/x.js', 'zod'],
  ['src-portal/x.js', 'react'],
  ['src-portal/x.js', '@mantine/core'],
  ['src-portal/x.js', 'zod'],
];

describe('the layering rule: packages', () => {
  it.each(forbidden)('%s may not import %s', async (file, specifier) => {
    expect(await layeringIds(file, importing(specifier))).toEqual(['forbiddenPackage']);
  });

  it.each(allowed)('%s may import %s', async (file, specifier) => {
    expect(await layeringIds(file, importing(specifier))).toEqual([]);
  });

  it('names the part and the kind of package in its message', async () => {
    expect(await layeringErrors('src-renderer/x.js', importing('pg/lib/client'))).toEqual([
      "src-renderer must not import 'pg': it is a Node-only package (ARCHITECTURE.md: dependency rule)",
    ]);
  });

  it('judges every way of naming a module: export-from, dynamic import, require, import-equals and import types', async () => {
    expect(await layeringIds('src-renderer/x.js', "export * from 'ws';\n")).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-renderer/x.js', "export { Pool } from 'pg';\n")).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-renderer/x.js', "export const m = import('pg');\n")).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-renderer/x.js', 'export const m = import(`node:fs`);\n')).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-renderer/x.js', "export const m = require('pg');\n")).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-renderer/x.js', "import pg = require('pg');\nexport const b = pg;\n")).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-renderer/x.js', "export type Pool = typeof import('pg');\n")).toEqual(['forbiddenPackage']);
  });

  it('reports a package it does not know, in every part, so a new dependency is classified first', async () => {
    for (const file of ['src-shared/x.js', 'src-shared/node/x.js', 'src-main/x.js', 'src-main/preload/x.js', 'src-server/x.js', 'src-renderer/x.js', 'src-portal/x.js']) {
      expect(await layeringIds(file, importing('left-pad')), file).toEqual(['unknownPackage']);
      expect(await layeringIds(file, importing('@acme/widgets/button')), file).toEqual(['unknownPackage']);
    }
    expect(await layeringErrors('src-renderer/x.js', importing('@acme/widgets/button'))).toEqual([
      "'@acme/widgets' is not classified: name it under one kind in eslint-rules/layering.js before a source folder imports it (docs/decisions/layering-packages.md)",
    ]);
  });

  it('knows every run-time dependency of package.json, and electron', async () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const names = [...Object.keys(manifest.dependencies), 'electron'];
    for (const name of names) expect(await layeringIds('src-main/x.js', importing(name)), name).not.toContain('unknownPackage');
  });

  it('judges a type-only import like any other, where it would bring Node or Electron types into a part', async () => {
    expect(await layeringIds('src-renderer/x.js', importingType('pg'))).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-renderer/x.js', importingType('electron'))).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-shared/x.js', importingType('ldapts'))).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-server/x.js', importingType('electron'))).toEqual(['forbiddenPackage']);
    expect(await layeringIds('src-renderer/x.js', importingType('left-pad'))).toEqual(['unknownPackage']);
  });

  it('loads electron at run time only in src-main/index.ts; the rest of src-main takes its types', async () => {
    expect(await layeringIds('src-main/index.js', "import { app, BrowserWindow } from 'electron';\nexport const b = [app, BrowserWindow];\n")).toEqual([]);
    expect(await layeringIds('src-main/session/x.js', "import { safeStorage } from 'electron';\nexport const b = safeStorage;\n")).toEqual(['electronOutsideHost']);
    expect(await layeringIds('src-main/hosts/electron/x.js', "export const m = import('electron');\n")).toEqual(['electronOutsideHost']);
    // `import { type X }` leaves `import 'electron'` behind under verbatimModuleSyntax; only `import type` is erased.
    expect(await layeringIds('src-main/x.js', "import { type WebContents } from 'electron';\nexport const b = 1;\n")).toEqual(['electronOutsideHost']);
    expect(await layeringIds('src-main/hosts/electron/x.js', importingType('electron'))).toEqual([]);
  });

  it('lets the preload take contextBridge and ipcRenderer from electron, and nothing else', async () => {
    const preload = 'src-main/preload/x.js';
    expect(await layeringIds(preload, "import { contextBridge, ipcRenderer } from 'electron';\nexport const b = [contextBridge, ipcRenderer];\n")).toEqual([]);
    expect(await layeringIds(preload, "import { ipcRenderer, type IpcRendererEvent } from 'electron';\nexport const b = (/** @type {IpcRendererEvent} */ e) => [e, ipcRenderer];\n")).toEqual([]);
    expect(await layeringIds(preload, importingType('electron'))).toEqual([]);
    expect(await layeringIds(preload, "import { ipcRenderer, shell } from 'electron';\nexport const b = [ipcRenderer, shell];\n")).toEqual(['preloadElectron']);
    expect(await layeringIds(preload, "import electron from 'electron';\nexport const b = electron;\n")).toEqual(['preloadElectron']);
    expect(await layeringIds(preload, importing('electron'))).toEqual(['preloadElectron']);
    expect(await layeringIds(preload, "import 'electron';\n")).toEqual(['preloadElectron']);
    expect(await layeringIds(preload, "export { ipcRenderer } from 'electron';\n")).toEqual(['preloadElectron']);
    expect(await layeringIds(preload, "export const m = import('electron');\n")).toEqual(['preloadElectron']);
  });
});
