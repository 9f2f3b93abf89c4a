/**
 * User names are compared and looked up only in this form: Unicode NFC, trimmed, inner
 * whitespace folded, lower case. "  Müller " and "müller" are the same person.
 */
export function normaliseUsername(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}
