import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import { limits } from '../../src-shared/limits.js';
import type { MailHeaders } from './auto-reply.js';
import type { MailReading } from './classify.js';
import { mailBodyText } from './html-to-text.js';
import type { InboundAttachment, OmittedAttachment } from './target.js';

/** HTML longer than this is not given to mailparser's converter (CPU); html-to-text.ts takes it apart in linear time. */
const maxHtmlLengthToConvert = 2_000_000;
/** A header block is looked for in the first bytes only; a mail whose headers are longer is unreadable. */
const maxHeaderBytes = 1024 * 1024;

/** What a mail's headers say, for the columns of `inbound_mails` (all null when unreadable). */
export interface HeaderSummary {
  fromAddress: string | null;
  subject: string | null;
  messageId: string | null;
}

/** The article's content of a readable mail. */
export interface MailContent {
  subject: string;
  text: string;
  html: string | null;
  attachments: InboundAttachment[];
  omittedAttachments: OmittedAttachment[];
  messageId: string | null;
}

export type ReadMail = { reading: MailReading & { readable: false } } | { reading: MailReading & { readable: true }; content: MailContent };

const parserOptions = { keepCidLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: maxHtmlLengthToConvert, checksumAlgo: 'sha256' } as const;

/** Sender, subject and Message-ID from the header block alone (cheap: the body is not parsed). Never throws. */
export async function summariseHeaders(raw: Buffer): Promise<HeaderSummary> {
  const none = { fromAddress: null, subject: null, messageId: null };
  const end = headerEnd(raw);
  if (end === null) return none;
  try {
    const parsed = await simpleParser(Buffer.concat([raw.subarray(0, end), Buffer.from('\r\n\r\n')]), parserOptions);
    return { fromAddress: senderAddress(parsed), subject: parsed.subject ?? null, messageId: parsed.messageId ?? null };
  } catch {
    return none;
  }
}

/** The whole mail: why it cannot be used, or what the decision and the article need. */
export async function readMail(raw: Buffer, truncation: { truncated: boolean; size: number; maxMessageBytes: number }): Promise<ReadMail> {
  if (truncation.truncated) {
    return unreadable(`the mail has ${truncation.size} bytes, more than maxMessageBytes (${truncation.maxMessageBytes}); its first ${truncation.maxMessageBytes} bytes are kept, the whole mail stays in the mailbox`);
  }
  if (headerEnd(raw) === null) return unreadable('no header block (no mail headers before the first empty line)');
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, parserOptions);
  } catch (error) {
    return unreadable(`the mail parser refused it: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fromAddress = senderAddress(parsed);
  if (fromAddress === null) return unreadable('no sender address (From)');
  const subject = parsed.subject ?? '';
  const { attachments, omittedAttachments } = splitAttachments(parsed.attachments);
  return {
    reading: { readable: true, fromAddress, subject, headers: headerMap(parsed) },
    content: {
      subject: subject.slice(0, limits.articleSubjectMaxLength),
      text: capText(mailBodyText(parsed)),
      html: typeof parsed.html === 'string' ? parsed.html : null,
      attachments,
      omittedAttachments,
      messageId: parsed.messageId ?? null,
    },
  };
}

function unreadable(problem: string): ReadMail {
  return { reading: { readable: false, problem } };
}

/** Where the header block ends (the index of its closing empty line), or null when there is none that looks like headers. */
function headerEnd(raw: Buffer): number | null {
  const head = raw.subarray(0, maxHeaderBytes);
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  const candidates = [crlf, lf].filter((index) => index >= 0);
  const end = candidates.length > 0 ? Math.min(...candidates) : raw.length <= maxHeaderBytes ? raw.length : -1;
  if (end <= 0) return null;
  // The first line must be a header field: a name of printable characters and a colon.
  const firstLine = head.subarray(0, Math.min(end, 1000)).toString('latin1').split(/\r?\n/u)[0] ?? '';
  return /^[!-9;-~]+:/u.test(firstLine) ? end : null;
}

/** The From address, lower case; the first mailbox, also inside a group. */
function senderAddress(parsed: ParsedMail): string | null {
  const mailboxes = (parsed.from?.value ?? []).flatMap((entry) => (entry.group ? entry.group : [entry]));
  const address = mailboxes.find((entry) => entry.address !== undefined && entry.address.includes('@'))?.address;
  return address === undefined ? null : address.trim().toLowerCase();
}

/** Header values by lower-case name, unfolded, as written (encoded words stay encoded). */
function headerMap(parsed: ParsedMail): MailHeaders {
  const headers = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const colon = line.indexOf(':');
    const value = (colon < 0 ? '' : line.slice(colon + 1)).replace(/\r?\n[ \t]+/gu, ' ').trim();
    const values = headers.get(key.toLowerCase()) ?? [];
    values.push(value);
    headers.set(key.toLowerCase(), values);
  }
  return headers;
}

const truncatedNote = '\n\n[… gekürzt: die vollständige E-Mail ist in Kontor gespeichert]';

function capText(text: string): string {
  if (text.length <= limits.articleBodyMaxLength) return text;
  return text.slice(0, limits.articleBodyMaxLength - truncatedNote.length) + truncatedNote;
}

const extensions: Record<string, string> = {
  'text/plain': 'txt', 'text/html': 'html', 'text/calendar': 'ics', 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif',
  'application/pdf': 'pdf', 'message/rfc822': 'eml', 'message/delivery-status': 'txt',
};

/** Parts within the per-attachment and per-article limits, and the ones left out. */
function splitAttachments(parts: readonly Attachment[]): { attachments: InboundAttachment[]; omittedAttachments: OmittedAttachment[] } {
  const attachments: InboundAttachment[] = [];
  const omittedAttachments: OmittedAttachment[] = [];
  parts.forEach((part, index) => {
    const contentType = part.contentType.toLowerCase();
    const filename = attachmentName(part.filename, contentType, index + 1);
    const size = part.content.length;
    if (size > limits.attachmentMaxBytes) omittedAttachments.push({ filename, contentType, size, reason: 'too-large' });
    else if (attachments.length >= limits.attachmentsPerArticle) omittedAttachments.push({ filename, contentType, size, reason: 'too-many' });
    else attachments.push({ filename, contentType, size, content: part.content, contentId: part.cid ?? null, inline: part.related === true || part.contentDisposition === 'inline' });
  });
  return { attachments, omittedAttachments };
}

/** The sender's name without control characters, at most the limit (the extension kept); a made-up one without. */
export function attachmentName(given: string | undefined, contentType: string, position: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are what goes
  const cleaned = (given ?? '').replace(/[\u0000-\u001f\u007f]/gu, '').trim();
  const name = cleaned === '' ? `attachment-${position}.${extensions[contentType] ?? 'bin'}` : cleaned;
  const max = limits.attachmentFilenameMaxLength;
  if (name.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return name.slice(0, max - extension.length) + extension;
}
