import { htmlToText, looksLikeHtml } from '../portal/html-text.js';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to stand anywhere in HTML, in an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (character) => entities[character] ?? character);
}

/** Plain text (an article body from the Desk) as HTML: escaped, each line break a `<br>`. */
export function plainTextToHtml(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/gu, '<br>\n');
}

/**
 * A customer's article as text for a mail. A mailed-in body is the HTML as received
 * (docs/mail-in.md): put into a mail it would show its tags (escaped) or, worse, carry its markup.
 * It is told apart as the portal tells it (an e-mail body that looks like HTML) and taken apart
 * by the same linear pass; a body from the portal, a call or a text mail stays as it is.
 */
export function customerWordsAsText(article: { channel: string; body: string }): string {
  return article.channel === 'email' && looksLikeHtml(article.body) ? htmlToText(article.body) : article.body;
}

/** Every line behind `> `, as mail programs quote. */
export function quotePlainText(text: string): string {
  return text
    .split(/\r\n|\r|\n/u)
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
}
