// The Content-Disposition of a file handed out for saving: Kontor Server's attachment downloads
// and the browser host's one-time downloads build it the same way.

/** RFC 5987 attr-chars stay, everything else is percent-encoded from UTF-8. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/gu, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII stand-in for old
 * clients, the exact name for the others. Quotes, backslashes, path separators and control
 * characters never reach the header.
 */
export function attachmentDisposition(filename: string): string {
  const cleaned = filename.replace(/[\p{Cc}/\\]/gu, '_');
  const ascii = cleaned.replace(/[^\x20-\x7e]/gu, '_').replace(/["\\]/gu, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(cleaned)}`;
}
