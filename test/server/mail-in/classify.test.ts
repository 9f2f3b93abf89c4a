import { describe, expect, it } from 'vitest';
import { automaticMailReason } from '../../../src-server/mail-in/auto-reply.js';
import { classify, stateOf, type ClassificationContext, type MailReading } from '../../../src-server/mail-in/classify.js';
import { ownAddressesOf } from '../../../src-server/mail-in/config.js';
import { ticketNumberInSubject } from '../../../src-server/mail/subject.js';

const anna = { customerUserId: 'cu-anna', institutionId: 'globex' };
const bruno = { customerUserId: 'cu-bruno', institutionId: 'globex' };
const clara = { customerUserId: 'cu-clara', institutionId: 'initech' };
const annasTicket = { number: '20261202000042', customerUserId: 'cu-anna', institutionId: 'globex' };

function mail(subject: string, headers: Record<string, string | string[]> = {}, fromAddress = 'anna.adler@globex.example'): MailReading {
  const map = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value : [value]]));
  return { readable: true, fromAddress, subject, headers: map };
}

function context(overrides: Partial<ClassificationContext> = {}): ClassificationContext {
  return {
    mailboxQueue: 'Wertpapiere', ownAddresses: new Set(['service@bank.example', 'wertpapiere@bank.example']), unknownSenders: 'reject', perSenderLimit: { maxMails: 20 },
    sender: anna, taggedTicket: null, earlierMailsFromSender: 0, ...overrides,
  };
}

describe('the ticket tag in a subject', () => {
  it.each([
    ['[Ticket#20261202000042] Depotübertrag', '20261202000042'],
    ['Re: [Ticket#20261202000042] Depotübertrag', '20261202000042'],
    ['AW: WG: [Ticket#20261202000042] Depotübertrag', '20261202000042'],
    ['Fwd: Re: Depotübertrag [Ticket#20261202000042]', '20261202000042'],
    ['RE: [ ticket # 20261202000042 ] Depotübertrag', '20261202000042'],
    ['[TICKET#20261202000042]', '20261202000042'],
    ['[Ticket#99999999000001] [Ticket#20261202000042] an invalid date first, then a real tag', '20261202000042'],
  ])('finds it in %j', (subject, number) => {
    expect(ticketNumberInSubject(subject)).toBe(number);
  });

  it.each([
    ['Depotübertrag 20261202000042'],
    ['[Ticket#2026120200004] thirteen digits'],
    ['[Ticket#202612020000421] fifteen digits'],
    ['[Ticket#20261302000042] month 13'],
    ['[Ticket#20261200000042] day 0'],
    ['Ticket#20261202000042 without brackets'],
    [''],
  ])('finds none in %j', (subject) => {
    expect(ticketNumberInSubject(subject)).toBeNull();
  });
});

describe('mails sent by machines', () => {
  it.each([
    [{ 'Auto-Submitted': 'auto-replied' }, 'Auto-Submitted: auto-replied'],
    [{ 'Auto-Submitted': 'auto-generated; owner-email="x@y.example"' }, 'Auto-Submitted: auto-generated'],
    [{ 'Auto-Submitted': 'AUTO-NOTIFIED' }, 'Auto-Submitted: auto-notified'],
    [{ Precedence: 'bulk' }, 'Precedence: bulk'],
    [{ Precedence: 'Junk' }, 'Precedence: junk'],
    [{ Precedence: 'list' }, 'Precedence: list'],
    [{ Precedence: 'auto_reply' }, 'Precedence: auto_reply'],
    [{ 'X-Autoreply': 'yes' }, 'X-Autoreply'],
    [{ 'X-Autorespond': 'Out of office' }, 'X-Autorespond'],
    [{ 'X-Auto-Response-Suppress': 'All' }, 'X-Auto-Response-Suppress: All'],
    [{ 'X-Auto-Response-Suppress': 'DR, AutoReply' }, 'X-Auto-Response-Suppress: DR, AutoReply'],
    [{ 'Return-Path': '<>' }, 'Return-Path: <> (a delivery report)'],
    [{ 'Return-Path': '<MAILER-DAEMON@mx.globex.example>' }, 'Return-Path: MAILER-DAEMON (a delivery report)'],
    [{ 'List-Id': 'Kunden-Newsletter <news.globex.example>' }, 'List-Id (a mailing list)'],
    [{ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="x"' }, 'Content-Type: multipart/report (a delivery report)'],
  ])('%j is ignored and never answered', (headers, why) => {
    const classification = classify(mail('Abwesenheitsnotiz: [Ticket#20261202000042]', headers), context({ taggedTicket: annasTicket }));
    expect(classification).toEqual({ kind: 'auto-reply-ignored', why });
    expect(stateOf(classification)).toBe('ignored');
  });

  it('knows a bounce by its sender MAILER-DAEMON', () => {
    expect(automaticMailReason(new Map(), 'mailer-daemon@mx.globex.example')).toBe('From: MAILER-DAEMON (a delivery report)');
  });

  it.each([
    [{ 'Auto-Submitted': 'no' }],
    [{ 'Auto-Submitted': 'No ; comment' }],
    [{ Precedence: 'first-class' }],
    [{ 'X-Auto-Response-Suppress': 'OOF, DR' }],
    [{ 'Return-Path': '<anna.adler@globex.example>' }],
    [{ 'Content-Type': 'multipart/mixed; boundary="x"' }],
  ])('%j is a person\'s mail', (headers) => {
    expect(automaticMailReason(new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), [value]])), 'anna.adler@globex.example')).toBeNull();
  });
});

describe('what a mail becomes', () => {
  it('follows up the ticket its tag names when the ticket\'s customer writes, behind any reply prefix', () => {
    for (const subject of ['[Ticket#20261202000042] Frage', 'Re: [Ticket#20261202000042] Frage', 'AW: WG: Fwd: [Ticket#20261202000042] Frage']) {
      expect(classify(mail(subject), context({ taggedTicket: annasTicket }))).toEqual({ kind: 'follow-up', ticketNumber: '20261202000042' });
    }
  });

  it('follows up when a colleague at the ticket\'s institution writes', () => {
    expect(classify(mail('Re: [Ticket#20261202000042] Frage'), context({ sender: bruno, taggedTicket: annasTicket }))).toEqual({ kind: 'follow-up', ticketNumber: '20261202000042' });
  });

  it('opens a ticket for their new institution when the ticket\'s own customer has moved to another one', () => {
    const annaMoved = { ...anna, institutionId: 'initech' };
    expect(classify(mail('Re: [Ticket#20261202000042] Frage'), context({ sender: annaMoved, taggedTicket: annasTicket }))).toEqual({ kind: 'new-ticket', queue: 'Wertpapiere', why: 'sender-not-of-ticket' });
  });

  it('opens a ticket instead when someone of another institution writes with the tag (numbers are easy to guess)', () => {
    expect(classify(mail('Re: [Ticket#20261202000042] Frage'), context({ sender: clara, taggedTicket: annasTicket }))).toEqual({ kind: 'new-ticket', queue: 'Wertpapiere', why: 'sender-not-of-ticket' });
  });

  it('opens a ticket when the tag names no ticket, or there is no tag', () => {
    expect(classify(mail('Re: [Ticket#20261202000099] Frage'), context({ taggedTicket: null }))).toEqual({ kind: 'new-ticket', queue: 'Wertpapiere', why: 'unknown-ticket' });
    expect(classify(mail('Depotübertrag'), context())).toEqual({ kind: 'new-ticket', queue: 'Wertpapiere', why: 'no-ticket-tag' });
    // A looked-up ticket that is not the one of the subject's tag does not count.
    expect(classify(mail('[Ticket#20261202000099]'), context({ taggedTicket: annasTicket }))).toMatchObject({ kind: 'new-ticket', why: 'unknown-ticket' });
  });

  it('rejects an unknown sender, or takes them into the configured queue, tag or no tag', () => {
    expect(classify(mail('Depotübertrag', {}, 'x@elsewhere.example'), context({ sender: null }))).toEqual({ kind: 'unknown-sender-rejected' });
    expect(stateOf({ kind: 'unknown-sender-rejected' })).toBe('rejected');
    const open = context({ sender: null, unknownSenders: { queue: 'Unbekannte Absender' }, taggedTicket: annasTicket });
    expect(classify(mail('Depotübertrag', {}, 'x@elsewhere.example'), open)).toEqual({ kind: 'new-ticket', queue: 'Unbekannte Absender', why: 'no-ticket-tag' });
    expect(classify(mail('Re: [Ticket#20261202000042]', {}, 'x@elsewhere.example'), open)).toEqual({ kind: 'new-ticket', queue: 'Unbekannte Absender', why: 'sender-not-of-ticket' });
  });

  it('suspects a loop once a sender has sent the limit within the window, also for follow-ups of known customers', () => {
    const limit = { perSenderLimit: { maxMails: 5 }, taggedTicket: annasTicket };
    expect(classify(mail('Re: [Ticket#20261202000042]'), context({ ...limit, earlierMailsFromSender: 4 }))).toMatchObject({ kind: 'follow-up' });
    expect(classify(mail('Re: [Ticket#20261202000042]'), context({ ...limit, earlierMailsFromSender: 5 }))).toEqual({ kind: 'loop-suspected', sender: 'anna.adler@globex.example' });
    expect(stateOf({ kind: 'loop-suspected', sender: 'x' })).toBe('ignored');
  });

  it("counts as Kontor's own every mailbox's address and every sender of its mails, in any letter case", () => {
    const mailboxes = [{ address: 'steuern@bank.example' }];
    const own = ownAddressesOf({ mailboxes }, ['Kontor Service <Service@Bank.example>', 'Wertpapiere <WP@bank.example>', 'not an address']);
    expect([...own].sort()).toEqual(['service@bank.example', 'steuern@bank.example', 'wp@bank.example']);
  });

  it("ignores Kontor's own mail come back, whatever it carries: no ticket, no follow-up, no answer", () => {
    const open = context({ sender: null, unknownSenders: { queue: 'Unbekannte Absender' }, taggedTicket: annasTicket });
    // An agent's reply (no machine's mark) to a queue address, with a known ticket's tag.
    expect(classify(mail('Re: [Ticket#20261202000042] Frage', {}, 'service@bank.example'), open)).toEqual({ kind: 'own-mail-ignored', sender: 'service@bank.example' });
    // Kontor's notification, marked auto-generated: named as Kontor's own rather than as a machine's.
    expect(classify(mail('[Ticket#20261202000042] Ihre Anfrage', { 'Auto-Submitted': 'auto-generated' }, 'wertpapiere@bank.example'), context())).toEqual({ kind: 'own-mail-ignored', sender: 'wertpapiere@bank.example' });
    expect(stateOf({ kind: 'own-mail-ignored', sender: 'x' })).toBe('ignored');
    // A customer user who happens to be listed with that address does not make it theirs.
    expect(classify(mail('Frage', {}, 'service@bank.example'), context({ sender: anna }))).toMatchObject({ kind: 'own-mail-ignored' });
  });

  it('names an auto-reply as such even past the rate limit, and a mail that cannot be read as unparseable', () => {
    expect(classify(mail('Abwesend', { 'Auto-Submitted': 'auto-replied' }), context({ earlierMailsFromSender: 99 }))).toMatchObject({ kind: 'auto-reply-ignored' });
    const unreadable = classify({ readable: false, problem: 'no sender address (From)' }, context());
    expect(unreadable).toEqual({ kind: 'unparseable', why: 'no sender address (From)' });
    expect(stateOf(unreadable)).toBe('failed');
  });
});
