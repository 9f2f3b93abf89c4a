import { htmlToPlainText } from '../mail-in/html-to-text.js';

/**
 * An e-mail's HTML body as plain text for the portal. The portal shows every body as text (React
 * writes it as characters, never as markup), so this only has to read well, not to be safe:
 * nothing it returns is ever parsed as HTML. The conversion is mail-in's, one linear pass: a
 * customer's mail with 100,000 `<` must not hold the server up on every view of the ticket.
 */
const markup = /<(html|body|p|div|br|table|span|b|i|a|ul|ol|li|h[1-6])\b/iu;

export function looksLikeHtml(body: string): boolean {
  return markup.test(body);
}

export const htmlToText = htmlToPlainText;
