/**
 * The plain-text body of a mail. The text is for reading and searching as text; it is never
 * put into a page as markup, so it needs no sanitising. Displaying the HTML body is another
 * matter, done where it is displayed (DOMPurify in the Desk, docs/decisions/article-html.md).
 *
 * mailparser already gives a text for every mail: the text part, or its own conversion of the
 * HTML part (html-to-text) when there is none. Only when that conversion failed (HTML too long
 * or nested too deep for it) does `htmlToPlainText` below take the markup apart itself.
 */
export function mailBodyText(parsed: { text?: string | undefined; html?: string | false | undefined }): string {
  if (parsed.text !== undefined && parsed.text.trim() !== '') return tidy(parsed.text);
  if (typeof parsed.html === 'string') return htmlToPlainText(parsed.html);
  return '';
}

/** Elements whose content is never text a reader should see. */
const skippedElements = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'textarea', 'xmp', 'iframe', 'object', 'svg', 'math', 'noembed', 'noframes']);
/** Elements that start a new line. */
const lineElements = new Set([
  'address', 'article', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'li', 'ol', 'p', 'pre', 'section', 'table', 'tr', 'ul',
]);
/** Output beyond this is not produced: an article body has a limit anyway (limits.articleBodyMaxLength). */
const maxOutputLength = 200_000;

/**
 * The text of an HTML document in one pass over its characters, in linear time whatever the
 * nesting: tags, comments and declarations are dropped, the content of script, style and
 * similar elements with them, block elements become line breaks, character references are
 * decoded. Not a sanitiser: its output is plain text and must be shown as text.
 */
export function htmlToPlainText(html: string): string {
  const parts: string[] = [];
  let produced = 0;
  let at = 0;
  while (at < html.length && produced < maxOutputLength) {
    const open = html.indexOf('<', at);
    const text = html.slice(at, open < 0 ? html.length : open);
    if (text !== '') {
      const decoded = decodeCharacterReferences(text).replace(/[ \t\r\n\f]+/gu, ' ');
      parts.push(decoded);
      produced += decoded.length;
    }
    if (open < 0) break;
    const markup = readMarkup(html, open);
    if (markup === null) {
      parts.push('<');
      produced += 1;
      at = open + 1;
      continue;
    }
    at = markup.end;
    if (markup.kind !== 'element') continue;
    if (!markup.closing && skippedElements.has(markup.name)) {
      at = endOfElement(html, markup.name, at);
      continue;
    }
    if (lineElements.has(markup.name)) parts.push('\n');
  }
  // Collapsed white space leaves a blank at the start of lines that followed a block element.
  return tidy(parts.join('').slice(0, maxOutputLength).replace(/ {2,}/gu, ' ').replace(/\n +/gu, '\n'));
}

type Markup = { kind: 'element'; name: string; closing: boolean; end: number } | { kind: 'other'; end: number };

/** The tag, comment or declaration starting at `open` (a `<`), or null when the `<` is just a character. */
function readMarkup(html: string, open: number): Markup | null {
  if (html.startsWith('<!--', open)) {
    const close = html.indexOf('-->', open + 4);
    return { kind: 'other', end: close < 0 ? html.length : close + 3 };
  }
  const next = html.charAt(open + 1);
  if (next === '!' || next === '?') return { kind: 'other', end: afterTag(html, open + 2) };
  const closing = next === '/';
  const nameStart = closing ? open + 2 : open + 1;
  let nameEnd = nameStart;
  while (nameEnd < html.length && isNameCharacter(html.charCodeAt(nameEnd), nameEnd === nameStart)) nameEnd += 1;
  if (nameEnd === nameStart) return null;
  return { kind: 'element', name: html.slice(nameStart, nameEnd).toLowerCase(), closing, end: afterTag(html, nameEnd) };
}

function isNameCharacter(code: number, first: boolean): boolean {
  const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return first ? letter : letter || (code >= 48 && code <= 57) || code === 45 || code === 58;
}

/** The index after the `>` that ends a tag begun before `from`, skipping quoted attribute values. */
function afterTag(html: string, from: number): number {
  let quote: string | null = null;
  for (let at = from; at < html.length; at += 1) {
    const character = html.charAt(at);
    if (quote !== null) {
      if (character === quote) quote = null;
    } else if (character === '"' || character === "'") {
      quote = character;
    } else if (character === '>') {
      return at + 1;
    }
  }
  return html.length;
}

/** The index after `</name …>`, or the end of the document when the element is never closed. */
function endOfElement(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at >= 0; at = html.indexOf('</', at + 2)) {
    const nameEnd = at + 2 + name.length;
    if (html.slice(at + 2, nameEnd).toLowerCase() !== name) continue;
    const following = html.charCodeAt(nameEnd);
    if (Number.isNaN(following) || !isNameCharacter(following, false)) return afterTag(html, nameEnd);
  }
  return html.length;
}

const namedReferences: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '', euro: '€', copy: '©', reg: '®',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', ndash: '–', mdash: '—', hellip: '…',
  laquo: '«', raquo: '»', bdquo: '„', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', sbquo: '‚', bull: '•', middot: '·',
};

/** Decodes `&amp;`, `&#228;`, `&#xE4;` and the common named references; others stay as written. */
export function decodeCharacterReferences(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/gu, (reference, body: string) => {
    if (!body.startsWith('#')) return namedReferences[body] ?? reference;
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/**
 * Line breaks as \n, no control characters but tab and line break, no blanks at line ends, at
 * most one empty line in a row, no empty lines around the whole. Indentation stays (quoted
 * tables, code).
 */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/gu, '\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu, '')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/u, ''))
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .replace(/^\n+|\s+$/gu, '');
}
