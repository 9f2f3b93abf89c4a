import type { AttachmentSaveResult } from '../../../src-shared/ipc/cache.js';

/**
 * Finishes a save the host answered with `download` (the browser host): the file waits at a
 * one-time address of the Desk's own origin, and a link with `download` hands it to the browser
 * to save. Electron saves through its dialog and answers `saved` or `cancelled`: nothing to do.
 * Used by the ticket zoom's attachment save and by the reports' PDF and exports.
 */
export function followDownload(result: AttachmentSaveResult): AttachmentSaveResult {
  if (result.outcome === 'download') {
    const link = document.createElement('a');
    link.href = result.url;
    link.download = result.filename;
    link.rel = 'noopener';
    link.click();
  }
  return result;
}
