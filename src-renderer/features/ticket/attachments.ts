import { limits } from '../../../src-shared/limits.js';

/** A file the agent chose for a note, read into base64 as `attachmentUploadSchema` wants it. */
export interface ChosenAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  contentBase64: string;
}

/**
 * All attachments of one note together: the edit travels base64-encoded in one mutation batch,
 * and a batch over `mutationBatchMaxBytes` is refused by the server whatever is retried; 1 MB is
 * left for the text and the envelope.
 */
export const attachmentsTotalMaxBytes = Math.floor(((limits.mutationBatchMaxBytes - 1024 * 1024) / 4) * 3);

/** Why a chosen file was not added: each said with the file's name. */
export type AttachmentProblem =
  | { kind: 'too-large'; filename: string; size: number }
  | { kind: 'too-many'; filename: string }
  | { kind: 'too-much-in-all'; filename: string }
  | { kind: 'name-too-long'; filename: string }
  | { kind: 'unreadable'; filename: string };

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      // "data:<type>;base64,<content>": only the content travels.
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/**
 * Adds `files` to those already chosen, checked against the limits when chosen (size, count, name
 * length), so that an offline note is refused here and not when it syncs. Files that pass are
 * added; each one that does not is named with its problem.
 */
export async function addAttachments(chosen: readonly ChosenAttachment[], files: readonly File[]): Promise<{ chosen: ChosenAttachment[]; problems: AttachmentProblem[] }> {
  const next = [...chosen];
  const problems: AttachmentProblem[] = [];
  for (const file of files) {
    if (file.size > limits.attachmentMaxBytes) problems.push({ kind: 'too-large', filename: file.name, size: file.size });
    else if (file.name.length > limits.attachmentFilenameMaxLength) problems.push({ kind: 'name-too-long', filename: file.name });
    else if (next.length >= limits.attachmentsPerArticle) problems.push({ kind: 'too-many', filename: file.name });
    else if (next.reduce((sum, chosenFile) => sum + chosenFile.size, file.size) > attachmentsTotalMaxBytes) problems.push({ kind: 'too-much-in-all', filename: file.name });
    else {
      try {
        const contentBase64 = await readBase64(file);
        next.push({ id: crypto.randomUUID(), filename: file.name, contentType: file.type === '' ? 'application/octet-stream' : file.type, size: file.size, contentBase64 });
      } catch {
        problems.push({ kind: 'unreadable', filename: file.name });
      }
    }
  }
  return { chosen: next, problems };
}
