import DOMPurify, { type Config } from 'dompurify';

// E-mail bodies are untrusted HTML. They are sanitised against an allow-list of structural
// tags, with nothing that can load, run or style anything; links become text with their
// address shown. The rules and their reasons: docs/decisions/article-html.md.

/** Structure and emphasis only: no element that loads (img, link, iframe, video …), runs or submits. */
const allowedTags = [
  'a', 'abbr', 'address', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup',
  'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'ins', 'kbd', 'li', 'mark', 'ol',
  'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];
/**
 * No `style`, `class` or `id` (a mail must not restyle or address the Desk's own page), no URL
 * attribute but `href`, which is read once and then removed with its link.
 */
const allowedAttributes = ['href', 'title', 'colspan', 'rowspan', 'align', 'valign', 'dir', 'lang'];

/**
 * Elements removed together with their text. DOMPurify's default list, without `head`: the head
 * is unwrapped so that its style sheets, links and refreshes are seen (and counted) one by one.
 */
const forbiddenContents = [
  'annotation-xml', 'audio', 'desc', 'foreignobject', 'iframe', 'math', 'mi', 'mn', 'mo', 'ms', 'mtext', 'noembed', 'noframes',
  'noscript', 'plaintext', 'script', 'selectedcontent', 'style', 'svg', 'template', 'title', 'video', 'xmp', 'object', 'embed', 'applet', 'select', 'textarea',
];

const config: Config & { RETURN_DOM_FRAGMENT: true } = {
  // The whole document is walked (head included); only <html> stays, as the root the fragment is taken from.
  WHOLE_DOCUMENT: true,
  ALLOWED_TAGS: [...allowedTags, 'html'],
  FORBID_CONTENTS: forbiddenContents,
  ALLOWED_ATTR: allowedAttributes,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  USE_PROFILES: false,
  RETURN_DOM_FRAGMENT: true,
};

/** Elements that show a picture: counted as "images blocked". */
const imageTags = new Set(['img', 'image', 'picture', 'svg', 'input']);
/** Elements that would fetch or navigate: frames, style sheets, media, embedded objects, redirects. */
const remoteTags = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'link', 'style', 'meta', 'base', 'video', 'audio', 'source', 'track', 'portal', 'bgsound']);
/** Elements that run or submit something. */
const activeTags = new Set(['script', 'noscript', 'form', 'button', 'select', 'textarea', 'template']);
/** Attributes that would load a picture or other content. */
const loadingAttributes = new Set(['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc', 'data', 'action', 'formaction', 'xlink:href', 'ping']);
const cssLoad = /url\s*\(|image-set\s*\(|@import/iu;

export interface BlockedContent {
  /** Pictures not shown: <img>, <svg>, <picture>, background images in attributes or CSS. */
  images: number;
  /** Other content that would have been fetched (frames, style sheets, media, redirects). */
  remote: number;
  /** Scripts, event handlers, forms. */
  active: number;
}

/** The mail's `<img>` pictures by where they would come from. */
export interface MailPictures {
  /** `cid:` references to parts of the mail (its attachments), decoded, each once, in order. */
  inline: string[];
  /** Pictures written into the mail itself as `data:` PNG, JPEG, GIF or WebP. */
  embedded: number;
  /** Pictures on some web server: never loaded (each would tell the sender the mail was opened). */
  remote: number;
}

export interface SanitisedMail {
  /** The body to show: inert, with nothing that loads, runs or navigates. */
  fragment: DocumentFragment;
  blocked: BlockedContent;
  pictures: MailPictures;
  /** Pictures shown because the agent asked (inline and embedded ones only); 0 until then. */
  picturesShown: number;
  /** Links turned into text (their address shown beside them). */
  links: number;
  /** The web addresses (http, https) of those links, each once, in order: offered to open through the Desk's checked opener. */
  webAddresses: string[];
}

/** Raster pictures written into the mail; SVG is not among them (it can carry script and loads). */
const embeddedPicture = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/iu;

// One instance of its own, so that nothing else in the renderer shares (or changes) its state.
const purify = DOMPurify(window);

/**
 * The inline pictures the agent asked to see, while one sanitising runs (it is synchronous):
 * `cid:` reference (lower case) → the picture's `data:` address from `attachments.picture`.
 * Null when pictures are blocked, which is always unless the agent asked.
 */
let shownPictures: ReadonlyMap<string, string> | null = null;

purify.addHook('uponSanitizeAttribute', (node, data) => {
  if (shownPictures === null || node.nodeName !== 'IMG' || data.attrName !== 'src') return;
  const source = data.attrValue.trim();
  const inline = /^cid:/iu.test(source) ? shownPictures.get(cidReference(source).toLowerCase()) : undefined;
  if (inline !== undefined) data.attrValue = inline;
  else if (!embeddedPicture.test(source)) data.keepAttr = false;
});

/** A `cid:` address as the reference it names (`cid:image001.png%40x` → `image001.png@x`). */
export function cidReference(source: string): string {
  const reference = source.trim().replace(/^cid:/iu, '');
  try {
    return decodeURIComponent(reference);
  } catch {
    return reference;
  }
}

/** The removed `<img>` elements' sources, by where they would come from. */
function removedPictures(): MailPictures {
  const pictures: MailPictures = { inline: [], embedded: 0, remote: 0 };
  for (const removed of purify.removed) {
    if (!('element' in removed) || removed.element.nodeName !== 'IMG' || !(removed.element instanceof Element)) continue;
    const source = removed.element.getAttribute('src')?.trim() ?? '';
    if (/^cid:/iu.test(source)) {
      const reference = cidReference(source);
      if (!pictures.inline.includes(reference)) pictures.inline.push(reference);
    } else if (embeddedPicture.test(source)) pictures.embedded += 1;
    else pictures.remote += 1;
  }
  return pictures;
}

function countRemoved(): BlockedContent {
  const blocked: BlockedContent = { images: 0, remote: 0, active: 0 };
  for (const removed of purify.removed) {
    if ('element' in removed) {
      const name = removed.element.nodeName.toLowerCase();
      if (imageTags.has(name)) blocked.images += 1;
      else if (remoteTags.has(name)) blocked.remote += 1;
      else if (activeTags.has(name)) blocked.active += 1;
      continue;
    }
    const attribute = removed.attribute;
    if (attribute === null) continue;
    const name = attribute.name.toLowerCase();
    if (name.startsWith('on') || /^\s*javascript:/iu.test(attribute.value)) blocked.active += 1;
    else if (name === 'background' || (name === 'style' && cssLoad.test(attribute.value))) blocked.images += 1;
    else if (loadingAttributes.has(name)) blocked.remote += 1;
  }
  return blocked;
}

/** A link as text: what it said, then its address when that differs, never clickable. */
function linkAsText(anchor: Element): Element {
  const document = anchor.ownerDocument;
  const link = document.createElement('span');
  link.className = 'mail-link';
  const said = document.createElement('span');
  said.className = 'mail-link-text';
  said.append(...Array.from(anchor.childNodes));
  link.append(said);
  const href = anchor.getAttribute('href')?.trim() ?? '';
  const text = said.textContent.trim();
  if (href !== '' && href !== text && `mailto:${text}` !== href) {
    const address = document.createElement('span');
    address.className = 'mail-link-address';
    address.textContent = ` <${href}>`;
    link.append(address);
  }
  return link;
}

/** A heading of the mail as an emphasised paragraph: the page's own heading outline stays the Desk's. */
function headingAsParagraph(heading: Element): Element {
  const paragraph = heading.ownerDocument.createElement('p');
  const strong = heading.ownerDocument.createElement('strong');
  strong.append(...Array.from(heading.childNodes));
  paragraph.append(strong);
  return paragraph;
}

/** The same rules with `<img>` let in, for the pictures the agent asked to see: their `src` is checked by the hook above. */
const configShowingPictures: typeof config = {
  ...config,
  ALLOWED_TAGS: [...config.ALLOWED_TAGS ?? [], 'img'],
  ALLOWED_ATTR: [...config.ALLOWED_ATTR ?? [], 'src', 'alt', 'width', 'height'],
};

/** What every sanitised body gets after DOMPurify: wrappers unwrapped, links as text, headings as paragraphs, layout tables marked. */
function finish(fragment: DocumentFragment, blocked: BlockedContent, pictures: MailPictures, picturesShown: number): SanitisedMail {
  // The document's own <head> and <body> survive as wrappers: their content goes into the article, they do not.
  for (const wrapper of Array.from(fragment.querySelectorAll('head, body'))) wrapper.replaceWith(...Array.from(wrapper.childNodes));
  const anchors = Array.from(fragment.querySelectorAll('a'));
  const hrefs = anchors.map((anchor) => anchor.getAttribute('href')?.trim() ?? '');
  for (const anchor of anchors) anchor.replaceWith(linkAsText(anchor));
  for (const heading of Array.from(fragment.querySelectorAll('h1, h2, h3, h4, h5, h6'))) heading.replaceWith(headingAsParagraph(heading));
  // Layout tables of mails are not data tables: screen readers should not announce rows and columns.
  for (const table of Array.from(fragment.querySelectorAll('table'))) if (table.querySelector('th') === null) table.setAttribute('role', 'presentation');
  const webAddresses = [...new Set(hrefs.filter((href) => /^https?:\/\//iu.test(href)))];
  return { fragment, blocked, pictures, picturesShown, links: anchors.length, webAddresses };
}

/** Sanitises an HTML e-mail body for display (see the rules above): every picture blocked. */
export function sanitiseMailHtml(html: string): SanitisedMail {
  const fragment = purify.sanitize(html, config);
  return finish(fragment, countRemoved(), removedPictures(), 0);
}

/**
 * The same mail with the pictures the agent asked to see: its inline pictures found in
 * `pictures` (`cid:` reference → `data:` address) and those written into it as `data:` rasters;
 * pictures from the web never. The notices about what was blocked stay those of the mail as first shown (`first`).
 */
export function withPictures(html: string, first: SanitisedMail, pictures: ReadonlyMap<string, string>): SanitisedMail {
  shownPictures = new Map([...pictures].map(([reference, address]) => [reference.toLowerCase(), address]));
  let fragment: DocumentFragment;
  try {
    fragment = purify.sanitize(html, configShowingPictures);
  } finally {
    shownPictures = null;
  }
  let picturesShown = 0;
  // A picture whose address was not let through is no picture: it goes, as it did when blocked.
  for (const image of Array.from(fragment.querySelectorAll('img'))) {
    if (!image.hasAttribute('src')) {
      image.remove();
      continue;
    }
    picturesShown += 1;
    // A picture the mail did not describe is decoration to a screen reader, not an unnamed image.
    if (!image.hasAttribute('alt')) image.setAttribute('alt', '');
  }
  return finish(fragment, first.blocked, first.pictures, picturesShown);
}

/** Whether an e-mail body is HTML rather than plain text. */
export function looksLikeHtml(body: string): boolean {
  return /<(?:!doctype|html|head|body|p|div|br|table|span|a|b|i|img|font|blockquote|ul|ol|h[1-6])\b/iu.test(body);
}
