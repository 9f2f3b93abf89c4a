import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
// Lints in-memory text as if it stood at the given path, with the project's own configuration
// (as .js, which needs no tsconfig entry; the rule looks only at import specifiers).
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not lint ${file}: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'kontor/layering').map((m) => m.message);
}

describe('the layering rule', () => {
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
});
