// Kontor's dependency rule (ARCHITECTURE.md "Top level"), for paths and packages alike:
// src-shared imports none of the other parts (only src-shared/node may use Node); main,
// renderer, server and portal import src-shared and never each other; browser code imports no
// Node or Electron package. Checked on every import, export-from, dynamic import, require and
// `import('x')` type. Why the lists look as they do: docs/decisions/layering-packages.md.
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * Every package the source folders may meet, by kind; `@scope/*` names a whole scope, and a
 * subpath (`pg/lib/client`) is its package's. A package named nowhere is reported wherever it
 * is imported, so a new dependency is classified here before any source folder uses it. Node's
 * built-ins (`node:fs`, `fs`, `fs/promises`) are the kind `builtin`, taken from `node:module`.
 */
const packageKinds = {
  /** Runs unchanged in the browser and in Node. */
  universal: ['zod', 'date-holidays'],
  /** UI for the browser: meaningless, or worse, in Node. */
  browser: ['react', 'react-dom', '@mantine/*', '@tanstack/*', 'zustand', 'wouter', 'dompurify', 'chart.js'],
  /** Needs Node (sockets, files, native code). */
  node: ['pg', 'ldapts', 'fastify', '@fastify/*', 'ws', 'better-sqlite3', '@electric-sql/pglite', 'exceljs', 'nodemailer', 'imapflow', 'mailparser'],
  electron: ['electron', '@electron/*'],
};

const kindLabels = {
  builtin: 'a Node built-in',
  node: 'a Node-only package',
  electron: 'an Electron package',
  browser: 'a browser UI package',
  universal: 'a universal package',
};

/**
 * What each part may import: other parts (a part may always import itself) and kinds of
 * package. Browser parts get an allow-list of kinds, so nothing unclassified reaches them.
 */
const layers = {
  'src-shared': { parts: [], kinds: ['universal'] },
  'src-shared/node': { parts: ['src-shared'], kinds: ['universal', 'builtin', 'node'] },
  'src-main': { parts: ['src-shared', 'src-shared/node'], kinds: ['universal', 'builtin', 'node', 'electron'] },
  // Sandboxed and bundled: no Node at run time, electron only through `preloadElectron`.
  'src-main/preload': { parts: ['src-shared'], kinds: ['universal', 'electron'] },
  'src-server': { parts: ['src-shared', 'src-shared/node'], kinds: ['universal', 'builtin', 'node'] },
  'src-renderer': { parts: ['src-shared'], kinds: ['universal', 'browser'] },
  'src-portal': { parts: ['src-shared'], kinds: ['universal', 'browser'] },
};

/** The Electron host's wiring: the one file of src-main that loads electron at run time. */
const electronHosts = ['src-main/index'];
/** What the preload may take from electron at run time. */
const preloadElectron = ['contextBridge', 'ipcRenderer'];

/** Longest first, so that a file in src-shared/node is not taken for src-shared. */
const parts = Object.keys(layers).sort((a, b) => b.length - a.length);
const builtins = new Set(builtinModules);

const packageName = (specifier) => {
  const segments = specifier.split('?')[0].split('/');
  return specifier.startsWith('@') ? segments.slice(0, 2).join('/') : segments[0];
};

const matches = (name, pattern) => (pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

/** The kind of a bare specifier, or undefined for a package named in no list. */
function kindOf(specifier) {
  const name = packageName(specifier);
  if (specifier.startsWith('node:') || builtins.has(name)) return 'builtin';
  return Object.keys(packageKinds).find((kind) => packageKinds[kind].some((pattern) => matches(name, pattern)));
}

const relativeTo = (root, file) => path.relative(root, file).split(path.sep).join('/');

function partOf(rel) {
  return parts.find((p) => rel === p || rel.startsWith(`${p}/`));
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the Kontor layer rule between the source folders and on the packages each may import' },
    schema: [],
    messages: {
      crossLayer: '{{from}} must not import {{to}} (ARCHITECTURE.md: dependency rule)',
      forbiddenPackage: "{{from}} must not import '{{name}}': it is {{kind}} (ARCHITECTURE.md: dependency rule)",
      unknownPackage: "'{{name}}' is not classified: name it under one kind in eslint-rules/layering.js before a source folder imports it (docs/decisions/layering-packages.md)",
      electronOutsideHost: 'only src-main/index.ts loads electron at run time: use `import type` here, so that the services stay host-agnostic',
      preloadElectron: 'the preload takes only {{names}} from electron, as named imports (types through `import type`)',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const rel = relativeTo(root, file);
    const from = partOf(rel);
    if (!from) return {};
    const layer = layers[from];
    const isElectronHost = electronHosts.includes(rel.replace(/\.[cm]?[jt]sx?$/u, ''));

    function checkPath(node, source) {
      const to = partOf(relativeTo(root, path.resolve(path.dirname(file), source)));
      if (!to || to === from || layer.parts.includes(to)) return;
      context.report({ node, messageId: 'crossLayer', data: { from, to } });
    }

    /** `how` is 'type' for imports the compiler erases, 'import' for import declarations, 'other' for the rest. */
    function checkPackage(node, source, how) {
      const name = packageName(source);
      const kind = kindOf(source);
      if (!kind) {
        context.report({ node, messageId: 'unknownPackage', data: { name } });
        return;
      }
      if (!layer.kinds.includes(kind)) {
        context.report({ node, messageId: 'forbiddenPackage', data: { from, name, kind: kindLabels[kind] } });
        return;
      }
      if (kind !== 'electron' || how === 'type') return;
      if (from === 'src-main/preload') {
        const named = how === 'import' && node.specifiers.length > 0;
        const allowed = named && node.specifiers.every((s) => s.type === 'ImportSpecifier' && (s.importKind === 'type' || preloadElectron.includes(s.imported.name)));
        if (!allowed) context.report({ node, messageId: 'preloadElectron', data: { names: preloadElectron.join(' and ') } });
        return;
      }
      if (!isElectronHost) context.report({ node, messageId: 'electronOutsideHost' });
    }

    function check(node, source, how) {
      if (typeof source !== 'string') return;
      if (source.startsWith('.') || source.startsWith('/')) checkPath(node, source);
      else checkPackage(node, source, how);
    }

    const literal = (node) => {
      if (node.type === 'Literal') return node.value;
      if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
      return undefined;
    };

    return {
      // Only `import type` is erased: under verbatimModuleSyntax `import { type X } from 'y'` stays as `import 'y'`.
      ImportDeclaration: (node) => check(node, node.source.value, node.importKind === 'type' ? 'type' : 'import'),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.exportKind === 'type' ? 'type' : 'other'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type' ? 'type' : 'other'),
      ImportExpression: (node) => check(node, literal(node.source), 'other'),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node, literal(node.moduleReference.expression), node.importKind === 'type' ? 'type' : 'other'),
      TSImportType: (node) => check(node, node.source.value, 'type'),
      CallExpression: (node) =>
        node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1 && check(node, literal(node.arguments[0]), 'other'),
    };
  },
};
