import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createElectronSaver, type SaveDialogLike } from '../../../src-main/hosts/electron/save-dialog.js';

// Electron's own `dialog` cannot run here (no Electron binary): a stand-in answers as the agent would.
interface FakeWindow {
  title: string;
}

function fakeDialog(answer: { canceled: boolean; filePath?: string }) {
  const asked: { window: FakeWindow; defaultPath: string }[] = [];
  const dialog: SaveDialogLike<FakeWindow> = {
    showSaveDialog(window, options) {
      asked.push({ window, defaultPath: options.defaultPath });
      return Promise.resolve(answer);
    },
  };
  return { dialog, asked };
}

describe('the Electron host saving an attachment', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kontor-save-'));
  const source = path.join(dir, 'cached');
  writeFileSync(source, 'MZ executable bytes');
  const window: FakeWindow = { title: 'Kontor Desk' };

  it('asks on the Desk window, proposing the downloads folder and a safe name, and copies the file where the agent chose', async () => {
    const target = path.join(dir, 'gewählt.exe');
    const { dialog, asked } = fakeDialog({ canceled: false, filePath: target });
    const save = createElectronSaver(dialog, () => window, () => '/home/agent/Downloads');
    expect(await save({ sourceFile: source, suggestedName: '..\\..\\autostart\\tool.exe' })).toEqual({ outcome: 'saved', path: target });
    expect(asked).toEqual([{ window, defaultPath: path.join('/home/agent/Downloads', '_.._autostart_tool.exe') }]);
    expect(readFileSync(target, 'utf8')).toBe('MZ executable bytes');
  });

  it('writes nothing when the agent cancels', async () => {
    const { dialog } = fakeDialog({ canceled: true });
    const save = createElectronSaver(dialog, () => window, () => dir);
    expect(await save({ sourceFile: source, suggestedName: 'a.pdf' })).toEqual({ outcome: 'cancelled' });
  });

  it('fails with a reason when there is no window or the folder cannot be written', async () => {
    await expect(createElectronSaver(fakeDialog({ canceled: true }).dialog, () => null, () => dir)({ sourceFile: source, suggestedName: 'a.pdf' })).rejects.toThrow(
      'no window',
    );
    const { dialog } = fakeDialog({ canceled: false, filePath: path.join(dir, 'no-such-folder', 'a.pdf') });
    await expect(createElectronSaver(dialog, () => window, () => dir)({ sourceFile: source, suggestedName: 'a.pdf' })).rejects.toThrow(/ENOENT/u);
  });
});
