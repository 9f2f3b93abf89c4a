import { escapeHtml, plainTextToHtml, quotePlainText } from './html.js';
import { taggedSubject } from './subject.js';
import { mailWords, type MailLanguage, type MailWords } from './words.js';

export const mailKinds = ['created', 'answered', 'pending', 'closed', 'agent-reply'] as const;
export type MailKind = (typeof mailKinds)[number];

/** What a mail says, gathered in the transaction of the change that causes it. */
export interface MailFacts {
  kind: MailKind;
  language: MailLanguage;
  ticket: { number: string; title: string; state: string; pendingUntil: string | null };
  customerName: string;
  /**
   * The agent's article (answered, agent-reply) or the ticket's first customer-visible one
   * (created). Bodies here are plain text: a customer's mailed-in HTML comes as its text
   * (`customerWordsAsText`), since every body is escaped below, never taken as markup.
   */
  article: { subject: string; body: string } | null;
  /** The last customer message (as text, like `article`), quoted below an e-mail reply. */
  quote: { body: string; createdAt: string; authorName: string } | null;
  signature: string | null;
  portalUrl: string | null;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

/** One piece of the body: a paragraph of our words, the ticket's own text, or a quote. */
type Block = { kind: 'paragraph'; text: string } | { kind: 'article'; text: string } | { kind: 'quote'; header: string; text: string } | { kind: 'signature'; text: string };

/** The mail for `facts`: subject with the ticket tag, a plain-text part and an HTML part in which every value is escaped. */
export function composeMail(facts: MailFacts): ComposedMail {
  const words = mailWords[facts.language];
  const tag = `[Ticket#${facts.ticket.number}]`;
  const { subject, blocks } = facts.kind === 'agent-reply' ? agentReply(facts, words) : notification(facts, words);
  const footer = [words.replyHint(tag), ...(facts.portalUrl ? [words.portal(facts.portalUrl)] : [])];
  const fullSubject = taggedSubject(facts.ticket.number, subject);
  return { subject: fullSubject, text: plainText(blocks, footer), html: html(fullSubject, words, blocks, footer, facts.portalUrl) };
}

function notification(facts: MailFacts, words: MailWords): { subject: string; blocks: Block[] } {
  const { ticket } = facts;
  const greeting: Block = { kind: 'paragraph', text: words.greeting(facts.customerName) };
  const closing: Block = { kind: 'paragraph', text: words.closing };
  const article: Block[] = facts.article && facts.article.body.trim() !== '' ? [{ kind: 'article', text: facts.article.body }] : [];
  switch (facts.kind) {
    case 'created':
      return {
        subject: words.created.subject(ticket.title),
        blocks: [greeting, { kind: 'paragraph', text: words.created.lead }, ...(article.length > 0 ? [{ kind: 'paragraph' as const, text: words.created.requestHeading }, ...article] : []), closing],
      };
    case 'answered':
      return { subject: words.answered.subject(ticket.title), blocks: [greeting, { kind: 'paragraph', text: words.answered.lead }, ...article, closing] };
    case 'pending':
      return {
        subject: words.pending.subject(ticket.title),
        blocks: [greeting, { kind: 'paragraph', text: words.pending.lead(ticket.pendingUntil === null ? null : words.dateTime(ticket.pendingUntil)) }, closing],
      };
    case 'closed':
      return {
        subject: words.closed.subject(ticket.title),
        blocks: [greeting, { kind: 'paragraph', text: ticket.state === 'closed-unsuccessful' ? words.closed.unsuccessful : words.closed.successful }, closing],
      };
    case 'agent-reply':
      throw new Error('an e-mail reply is not a notification');
  }
}

/** The agent's article as the mail itself: its subject and body, the queue's signature, the customer's last message quoted. */
function agentReply(facts: MailFacts, words: MailWords): { subject: string; blocks: Block[] } {
  const subject = facts.article?.subject.trim() || facts.ticket.title;
  const blocks: Block[] = [{ kind: 'article', text: facts.article?.body ?? '' }];
  blocks.push({ kind: 'signature', text: facts.signature ?? words.closing });
  if (facts.quote) blocks.push({ kind: 'quote', header: words.quoteHeader(words.dateTime(facts.quote.createdAt), facts.quote.authorName), text: facts.quote.body });
  return { subject, blocks };
}

function plainText(blocks: readonly Block[], footer: readonly string[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
      case 'article':
        return block.text;
      case 'signature':
        return `-- \n${block.text}`;
      case 'quote':
        return `${block.header}\n${quotePlainText(block.text)}`;
    }
  });
  return `${[...parts, `---\n${footer.join('\n')}`].join('\n\n')}\n`;
}

const quoteStyle = 'margin:0 0 0 0.5em;padding-left:0.8em;border-left:3px solid #999;color:#333';
const articleStyle = 'margin:1em 0;padding-left:0.8em;border-left:3px solid #1f5f99';

/** A self-contained page: no scripts, no images, no remote anything; every dynamic value escaped. */
function html(subject: string, words: MailWords, blocks: readonly Block[], footer: readonly string[], portalUrl: string | null): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p>${plainTextToHtml(block.text)}</p>`;
      case 'article':
        return `<div style="${articleStyle}">${plainTextToHtml(block.text)}</div>`;
      case 'signature':
        return `<p style="color:#555">-- <br>\n${plainTextToHtml(block.text)}</p>`;
      case 'quote':
        return `<p style="color:#555">${escapeHtml(block.header)}</p>\n<blockquote style="${quoteStyle}">${plainTextToHtml(block.text)}</blockquote>`;
    }
  });
  const footerHtml = footer.map((line) => {
    if (!portalUrl || !line.endsWith(portalUrl)) return `<p>${escapeHtml(line)}</p>`;
    const before = line.slice(0, line.length - portalUrl.length);
    return `<p>${escapeHtml(before)}<a href="${escapeHtml(portalUrl)}">${escapeHtml(portalUrl)}</a></p>`;
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${words.htmlLang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;color:#111">',
    ...body,
    `<hr style="border:0;border-top:1px solid #ccc">\n<div style="font-size:12px;color:#555">${footerHtml.join('\n')}</div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
