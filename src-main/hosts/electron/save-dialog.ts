import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { safeFileName, type SaveFile } from '../save-file.js';

/** The part of Electron's `dialog` the saver uses (a stand-in in tests). */
export interface SaveDialogLike<Window> {
  showSaveDialog(window: Window, options: { title: string; defaultPath: string; properties: ['createDirectory', 'showOverwriteConfirmation'] }): Promise<{ canceled: boolean; filePath?: string }>;
}

/**
 * The Electron host's `HostPlatform.saveFile`: the system's save dialog on the Desk's window,
 * proposing the downloads folder and the attachment's name made safe; the file is copied there.
 * Nothing is opened, whatever its type. The dialog itself confirms overwriting.
 */
export function createElectronSaver<Window>(dialog: SaveDialogLike<Window>, window: () => Window | null, downloadsDir: () => string): SaveFile {
  return async (request) => {
    const owner = window();
    if (owner === null) throw new Error('The Desk has no window to show the save dialog on.');
    const chosen = await dialog.showSaveDialog(owner, {
      title: 'Anhang speichern',
      defaultPath: path.join(downloadsDir(), safeFileName(request.suggestedName)),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (chosen.canceled || chosen.filePath === undefined || chosen.filePath === '') return { outcome: 'cancelled' };
    await copyFile(request.sourceFile, chosen.filePath);
    return { outcome: 'saved', path: chosen.filePath };
  };
}
