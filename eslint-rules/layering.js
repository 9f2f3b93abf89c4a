// Kontor's dependency rule (ARCHITECTURE.md "Top level"): src-shared imports none of the
// other parts (only src-shared/node may use Node); main, renderer and server import
// src-shared and never each other. Checked on every import, export-from and dynamic import.
import path from 'node:path';

const parts = ['src-shared/node', 'src-shared', 'src-main', 'src-renderer', 'src-server'];

/** Which parts each part may import; a part may always import itself. */
const allowed = {
  'src-shared': [],
  'src-shared/node': ['src-shared'],
  'src-main': ['src-shared', 'src-shared/node'],
  'src-server': ['src-shared', 'src-shared/node'],
  'src-renderer': ['src-shared'],
};

const nodeBuiltin = /^node:|^(fs|path|os|child_process|crypto|net|tls|http|https|stream|url|util|events|worker_threads)(\/|$)/u;

function partOf(file, root) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return parts.find((p) => rel === p || rel.startsWith(`${p}/`));
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the Kontor layer rule between src-shared, src-main, src-renderer and src-server' },
    schema: [],
    messages: {
      crossLayer: '{{from}} must not import {{to}} (ARCHITECTURE.md: dependency rule)',
      nodeInShared: 'src-shared is pure TypeScript: Node modules belong in src-shared/node',
      electronOutsideMain: 'only src-main may import electron',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = partOf(file, root);
    if (!from) return {};
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source === 'electron' && from !== 'src-main') {
        context.report({ node, messageId: 'electronOutsideMain' });
        return;
      }
      if (from === 'src-shared' && nodeBuiltin.test(source)) {
        context.report({ node, messageId: 'nodeInShared' });
        return;
      }
      if (!source.startsWith('.')) return;
      const to = partOf(path.resolve(path.dirname(file), source), root);
      if (!to || to === from) return;
      if (from === 'src-shared/node' && to === 'src-shared') return;
      if (!allowed[from].includes(to)) context.report({ node, messageId: 'crossLayer', data: { from, to } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
