import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiDoc } from '../../scripts/api-doc/render.js';

describe('docs/api.md', () => {
  const committed = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

  it('matches the schemas in src-shared/sync (run npx tsx scripts/generate-api-doc.ts after changing them)', () => {
    expect(committed).toBe(renderApiDoc(committed));
  });

  it('refuses a document that lost a generated block', () => {
    const withoutMutations = committed.replace(/<!-- generated: mutations -->[\s\S]*?<!-- end generated: mutations -->/u, '');
    expect(() => renderApiDoc(withoutMutations)).toThrow(/missing: mutations/u);
  });
});
