/** Header values of a mail by lower-case name, each unfolded; a repeated header has several. */
export type MailHeaders = ReadonlyMap<string, readonly string[]>;

/** Why a mail counts as sent by a machine, in words for the operator's list. */
export type AutomaticMailReason = string;

const bulkPrecedence = new Set(['bulk', 'junk', 'list', 'auto_reply']);
const suppressingValues = new Set(['all', 'autoreply']);

/** The first word of a structured value (`auto-replied; owner-email=…` → `auto-replied`), lower case. */
function token(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

function isMailerDaemon(address: string): boolean {
  const local = address.replace(/^<|>$/gu, '').split('@')[0]?.trim().toLowerCase();
  return local === 'mailer-daemon';
}

/**
 * Why this mail was sent by a machine (an out-of-office notice, a bounce, a list, another ticket
 * system's acknowledgement), or null for a mail a person wrote. Such mails are never answered
 * and never open a ticket: two systems answering each other's answers is a mail loop. The
 * signals are those of RFC 3834 and RFC 2076 and the ones Exchange and mailing lists set.
 */
export function automaticMailReason(headers: MailHeaders, fromAddress: string | null): AutomaticMailReason | null {
  const first = (name: string): string | undefined => headers.get(name)?.[0];
  const autoSubmitted = first('auto-submitted');
  if (autoSubmitted !== undefined && token(autoSubmitted) !== 'no') return `Auto-Submitted: ${token(autoSubmitted)}`;
  for (const precedence of headers.get('precedence') ?? []) {
    if (bulkPrecedence.has(token(precedence))) return `Precedence: ${token(precedence)}`;
  }
  if (headers.has('x-autoreply')) return 'X-Autoreply';
  if (headers.has('x-autorespond')) return 'X-Autorespond';
  for (const suppress of headers.get('x-auto-response-suppress') ?? []) {
    const values = suppress.split(',').map((value) => value.trim().toLowerCase());
    if (values.some((value) => suppressingValues.has(value))) return `X-Auto-Response-Suppress: ${suppress.trim()}`;
  }
  for (const returnPath of headers.get('return-path') ?? []) {
    const trimmed = returnPath.trim();
    if (trimmed === '<>' || trimmed === '') return 'Return-Path: <> (a delivery report)';
    if (isMailerDaemon(trimmed)) return 'Return-Path: MAILER-DAEMON (a delivery report)';
  }
  if (fromAddress !== null && isMailerDaemon(fromAddress)) return 'From: MAILER-DAEMON (a delivery report)';
  if (headers.has('list-id')) return 'List-Id (a mailing list)';
  const contentType = first('content-type');
  if (contentType !== undefined && /^multipart\/report\b/iu.test(contentType.trim())) return 'Content-Type: multipart/report (a delivery report)';
  return null;
}
