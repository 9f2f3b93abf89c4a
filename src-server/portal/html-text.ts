/**
 * An e-mail's HTML body as plain text for the portal. The portal shows every body as text (React
 * writes it as characters, never as markup), so this only has to read well, not to be safe:
 * nothing it returns is ever parsed as HTML. Bodies without tags are returned as they are.
 */
const markup = /<(html|body|p|div|br|table|span|b|i|a|ul|ol|li|h[1-6])\b/iu;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function looksLikeHtml(body: string): boolean {
  return markup.test(body);
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/giu, '')
    .replace(/<!--[\s\S]*?-->/gu, '')
    .replace(/<br\s*\/?>/giu, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|table)\s*>/giu, '\n')
    .replace(/<li\b[^>]*>/giu, '• ')
    .replace(/<[^>]*>/gu, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) => decodeEntity(name) ?? whole)
    .replace(/[ \t]+\n/gu, '\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

function decodeEntity(name: string): string | null {
  if (name.startsWith('#x') || name.startsWith('#X')) return fromCodePoint(Number.parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return fromCodePoint(Number.parseInt(name.slice(1), 10));
  return entities[name.toLowerCase()] ?? null;
}

function fromCodePoint(code: number): string | null {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}
