import type { AttachmentSaveResult } from '../../src-shared/ipc/cache.js';

/** A file of the Desk's (an attachment in its cache) to be saved where the agent chooses. */
export interface SaveRequest {
  /** The file to copy: in the Desk's attachment cache, never a path the renderer named. */
  sourceFile: string;
  /** The attachment's own name; made safe with `safeFileName` before any host uses it. */
  suggestedName: string;
}

/** Each host's way of saving a file (HostPlatform.saveFile). */
export type SaveFile = (request: SaveRequest) => Promise<AttachmentSaveResult>;

const reservedWindowsNames = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$/iu;
const maxNameLength = 200;

/**
 * A name that is one plain file name on every system the Desk runs on: no folders (`/`, `\`),
 * no characters Windows refuses, no control characters, no leading or trailing dots and spaces,
 * not a reserved device name, not longer than 200 characters (the extension kept). A name from
 * a mail is the sender's choice, so it is never used as it came.
 */
export function safeFileName(name: string): string {
  let safe = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/[/\\:*?"<>|]/gu, '_')
    .replace(/^[.\s]+|[.\s]+$/gu, '');
  if (reservedWindowsNames.test(safe)) safe = `_${safe}`;
  if (safe.length > maxNameLength) {
    const dot = safe.lastIndexOf('.');
    const extension = dot > 0 && safe.length - dot <= 16 ? safe.slice(dot) : '';
    safe = safe.slice(0, maxNameLength - extension.length) + extension;
  }
  return safe === '' ? 'Anhang' : safe;
}
