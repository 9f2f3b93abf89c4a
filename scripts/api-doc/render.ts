import { entitiesBlock, envelopesBlock, eventsBlock, limitsBlock, mutationsBlock, rejectionReasonsBlock, syncReasonsBlock } from './blocks.js';

/** The generated parts of docs/api.md, by the name in their markers. */
const blocks: Record<string, () => string> = {
  envelopes: envelopesBlock,
  entities: entitiesBlock,
  mutations: mutationsBlock,
  'rejection-reasons': rejectionReasonsBlock,
  'sync-reasons': syncReasonsBlock,
  events: eventsBlock,
  limits: limitsBlock,
};

const marker = /<!-- generated: ([a-z-]+) -->\n[\s\S]*?<!-- end generated: \1 -->/gu;

/**
 * docs/api.md with every generated block rewritten from the schemas in src-shared/sync; the
 * prose around the blocks is kept as written. Throws when a block is missing or unknown, so that
 * the document cannot silently lose a table.
 */
export function renderApiDoc(current: string): string {
  const seen = new Set<string>();
  const rendered = current.replace(marker, (_match, name: string) => {
    const block = blocks[name];
    if (!block) throw new Error(`docs/api.md: unknown generated block "${name}"`);
    seen.add(name);
    return `<!-- generated: ${name} -->\n${block()}\n<!-- end generated: ${name} -->`;
  });
  const missing = Object.keys(blocks).filter((name) => !seen.has(name));
  if (missing.length > 0) throw new Error(`docs/api.md: generated blocks missing: ${missing.join(', ')}`);
  return rendered;
}
