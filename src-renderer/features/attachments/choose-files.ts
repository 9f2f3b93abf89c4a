import { limits } from '../../../src-shared/limits.js';
import type { attachmentUploadSchema } from '../../../src-shared/sync/mutations.js';
import type { z } from 'zod';
import { newId } from '../../ipc/new-id.js';

export type AttachmentUpload = z.input<typeof attachmentUploadSchema>;

/** A file the agent chose, read into memory at once so that a limit is told when it is chosen, not when it is saved. */
export interface ChosenFile {
  upload: AttachmentUpload;
  size: number;
}

/**
 * All attachments of one article (a note, a phone ticket's call notes) travel base64-encoded in one
 * mutation batch (4 bytes per 3), and a batch over `mutationBatchMaxBytes` is refused whatever is
 * retried: what fits with a megabyte to spare for the text and the envelope.
 */
export const attachmentsTotalMaxBytes = Math.floor(((limits.mutationBatchMaxBytes - 1024 * 1024) * 3) / 4);

export type FileRefusal =
  | { problem: 'too-many'; filename: string; max: number }
  | { problem: 'too-large'; filename: string; size: number; max: number }
  | { problem: 'name-too-long'; filename: string; max: number }
  | { problem: 'empty'; filename: string }
  | { problem: 'total-too-large'; filename: string; max: number }
  | { problem: 'unreadable'; filename: string };

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      // `data:<type>;base64,<content>`: the content only.
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/**
 * Checks and reads newly chosen files against the limits of `src-shared/limits.ts`, given the ones
 * chosen before. Files that fit are returned; each refused one with the reason, the others still taken.
 */
export async function chooseFiles(files: readonly File[], before: readonly ChosenFile[]): Promise<{ taken: ChosenFile[]; refused: FileRefusal[] }> {
  const taken: ChosenFile[] = [];
  const refused: FileRefusal[] = [];
  let count = before.length;
  let total = before.reduce((sum, file) => sum + file.size, 0);
  for (const file of files) {
    const filename = file.name;
    if (count >= limits.attachmentsPerArticle) refused.push({ problem: 'too-many', filename, max: limits.attachmentsPerArticle });
    else if (filename.length > limits.attachmentFilenameMaxLength) refused.push({ problem: 'name-too-long', filename, max: limits.attachmentFilenameMaxLength });
    else if (file.size === 0) refused.push({ problem: 'empty', filename });
    else if (file.size > limits.attachmentMaxBytes) refused.push({ problem: 'too-large', filename, size: file.size, max: limits.attachmentMaxBytes });
    else if (total + file.size > attachmentsTotalMaxBytes) refused.push({ problem: 'total-too-large', filename, max: attachmentsTotalMaxBytes });
    else {
      try {
        const contentBase64 = await readBase64(file);
        taken.push({ size: file.size, upload: { id: newId(), filename, contentType: file.type === '' ? 'application/octet-stream' : file.type.slice(0, 255), contentBase64 } });
        count += 1;
        total += file.size;
      } catch {
        refused.push({ problem: 'unreadable', filename });
      }
    }
  }
  return { taken, refused };
}
