// Writes resources/demo/directory.ldif from the one deterministic generator
// (src-shared/node/demo-directory.ts). Run: npx tsx scripts/generate-directory.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateDemoLdif } from '../src-shared/node/demo-directory.js';

const demoLdifPath = fileURLToPath(new URL('../resources/demo/directory.ldif', import.meta.url));

writeFileSync(demoLdifPath, generateDemoLdif());
process.stdout.write(`wrote ${demoLdifPath}\n`);
