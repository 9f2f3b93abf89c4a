// Rewrites the generated tables of docs/api.md (entities, mutations, reasons, envelopes,
// limits, event close codes) from the schemas in src-shared/sync; the prose around them stays.
// Run after changing the sync protocol: npx tsx scripts/generate-api-doc.ts
// test/scripts/generate-api-doc.test.ts fails while the committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderApiDoc } from './api-doc/render.js';

const apiDocPath = fileURLToPath(new URL('../docs/api.md', import.meta.url));

writeFileSync(apiDocPath, renderApiDoc(readFileSync(apiDocPath, 'utf8')));
process.stdout.write(`wrote ${apiDocPath}\n`);
