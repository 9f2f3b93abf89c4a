// Writes resources/demo/directory.ldif (the small demo the tests sign in with) and
// resources/demo/bank.ldif (the embedded default's bank, seed "kontor-demo") from the one
// deterministic generator. Run: npx tsx scripts/generate-directory.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bankDirectoryLdif, generateBank } from '../src-shared/node/bank/index.js';
import { generateDemoLdif } from '../src-shared/node/demo-directory.js';
import { embeddedBankSeed } from '../src-server/seed/embedded-bank.js';

const demoLdifPath = fileURLToPath(new URL('../resources/demo/directory.ldif', import.meta.url));
const bankLdifPath = fileURLToPath(new URL('../resources/demo/bank.ldif', import.meta.url));

writeFileSync(demoLdifPath, generateDemoLdif());
writeFileSync(bankLdifPath, bankDirectoryLdif(generateBank({ seed: embeddedBankSeed })));
process.stdout.write(`wrote ${demoLdifPath}\nwrote ${bankLdifPath}\n`);
