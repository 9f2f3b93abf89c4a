import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The React hooks problems (rule and severity) in the text, linted as if it stood at `file`. */
async function hookProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not lint ${file}: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('react-hooks/')).map((m) => `${m.ruleId ?? ''} ${m.severity === 2 ? 'error' : 'warning'}`);
}

const conditionalHook = "import { useState } from 'react';\nexport function Panel({ open }) {\n  if (open) useState(0);\n  return null;\n}\n";
const staleEffect = "import { useEffect } from 'react';\nexport function Panel({ ticketId, onOpen }) {\n  useEffect(() => onOpen(ticketId), []);\n  return null;\n}\n";

describe('the React hooks rules', () => {
  it.each(['src-renderer/x.js', 'src-portal/x.js'])('fail the lint in %s for a hook called conditionally', async (file) => {
    expect(await hookProblems(file, conditionalHook)).toEqual(['react-hooks/rules-of-hooks error']);
  });

  it.each(['src-renderer/x.js', 'src-portal/x.js'])('fail the lint in %s for an effect that misses a dependency', async (file) => {
    expect(await hookProblems(file, staleEffect)).toEqual(['react-hooks/exhaustive-deps error']);
  });

  it('accept an effect that names what it reads', async () => {
    expect(await hookProblems('src-renderer/x.js', staleEffect.replace('[]', '[onOpen, ticketId]'))).toEqual([]);
  });
});
