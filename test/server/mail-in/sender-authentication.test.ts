import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailIn } from '../../../src-server/mail-in/mail-in.js';
import { parseAuthenticationResults, senderAuthentication } from '../../../src-server/mail-in/sender-authentication.js';
import { customerMail, customers, DatabaseTarget, openMailInWorld, queueAddresses, RecordingLog, storedMails, type MailInWorld } from './support.js';

const relay = 'mx.bank.example';

function headers(...results: string[]): Map<string, string[]> {
  return new Map([['authentication-results', results]]);
}

describe('Authentication-Results (RFC 8601) taken apart', () => {
  it('reads the authserv-id, each method with its result and properties, comments and quotes left out', () => {
    const parsed = parseAuthenticationResults(
      'MX.Bank.example 1; (checked at the border) dkim=pass (2048-bit key) header.d=Loewe-Bank.example header.s=sel1; spf=softfail smtp.mailfrom="bounce@mailer.example"; dmarc=fail (p=reject) header.from=loewe-bank.example',
    );
    expect(parsed?.authservId).toBe('mx.bank.example');
    expect(parsed?.results.map(({ method, result, properties }) => [method, result, Object.fromEntries(properties)])).toEqual([
      ['dkim', 'pass', { 'header.d': 'loewe-bank.example', 'header.s': 'sel1' }],
      ['spf', 'softfail', { 'smtp.mailfrom': 'bounce@mailer.example' }],
      ['dmarc', 'fail', { 'header.from': 'loewe-bank.example' }],
    ]);
  });

  it('takes "none" and a nested comment with a parenthesis in a quoted pair', () => {
    expect(parseAuthenticationResults('mx.bank.example; none')?.results).toEqual([]);
    expect(parseAuthenticationResults('mx.bank.example (a (nested \\) comment)); spf=pass smtp.mailfrom=a@b.example')?.results.map((r) => r.method)).toEqual(['spf']);
    expect(parseAuthenticationResults('')).toBeNull();
  });
});

describe("the relay's word on a mail's sender", () => {
  it.each([
    ['dmarc=pass for the From domain', 'mx.bank.example; dmarc=pass header.from=loewe-bank.example', 'dmarc=pass (mx.bank.example)'],
    ['dmarc=pass without header.from', 'mx.bank.example; dmarc=pass', 'dmarc=pass (mx.bank.example)'],
    ['an aligned DKIM signature (a subdomain signs)', 'mx.bank.example; dkim=pass header.d=mail.loewe-bank.example; dmarc=none', 'dkim=pass header.d=mail.loewe-bank.example (mx.bank.example)'],
    ['a DKIM signature named by header.i', 'mx.bank.example; dkim=pass header.i=@loewe-bank.example', 'dkim=pass header.d=loewe-bank.example (mx.bank.example)'],
    ['SPF for the envelope sender of the From domain', 'mx.bank.example; spf=pass smtp.mailfrom=anna@loewe-bank.example', 'spf=pass smtp.mailfrom=loewe-bank.example (mx.bank.example)'],
  ])('vouches on %s', (_case, header, by) => {
    expect(senderAuthentication(headers(header), 'anna@loewe-bank.example', relay)).toEqual({ authenticated: true, by });
  });

  it.each([
    ['no header at all', [], 'no Authentication-Results from mx.bank.example'],
    ["another relay's header", ['mx.elsewhere.example; dmarc=pass header.from=loewe-bank.example'], 'no Authentication-Results from mx.bank.example'],
    ['a failing DMARC check', ['mx.bank.example; dkim=fail header.d=loewe-bank.example; spf=softfail smtp.mailfrom=loewe-bank.example; dmarc=fail header.from=loewe-bank.example'], 'mx.bank.example does not vouch for loewe-bank.example (dkim=fail, spf=softfail, dmarc=fail)'],
    ['a DKIM signature of another domain', ['mx.bank.example; dkim=pass header.d=mailer.example'], 'mx.bank.example does not vouch for loewe-bank.example (dkim=pass)'],
    ['SPF of another envelope domain', ['mx.bank.example; spf=pass smtp.mailfrom=bounce@mailer.example'], 'mx.bank.example does not vouch for loewe-bank.example (spf=pass)'],
    ['DMARC passing for another From domain', ['mx.bank.example; dmarc=pass header.from=mailer.example'], 'mx.bank.example does not vouch for loewe-bank.example (dmarc=pass)'],
    ['a signature by a top-level domain', ['mx.bank.example; dkim=pass header.d=example'], 'mx.bank.example does not vouch for loewe-bank.example (dkim=pass)'],
    ['"none"', ['mx.bank.example; none'], 'mx.bank.example does not vouch for loewe-bank.example'],
    // The sender wrote a passing header with the relay's name; the relay's own, above it, says fail.
    ['a forged header below the relay\'s own', ['mx.bank.example; dmarc=fail header.from=loewe-bank.example', 'mx.bank.example; dmarc=pass header.from=loewe-bank.example'], 'mx.bank.example does not vouch for loewe-bank.example (dmarc=fail)'],
  ])('does not vouch with %s', (_case, values, why) => {
    expect(senderAuthentication(headers(...values), 'anna@loewe-bank.example', relay)).toEqual({ authenticated: false, why });
  });

  it('compares the relay name without regard to case', () => {
    expect(senderAuthentication(headers('MX.BANK.EXAMPLE; dmarc=pass'), 'anna@loewe-bank.example', 'mx.Bank.example').authenticated).toBe(true);
  });
});

// Through the mailbox: real dovecot and PostgreSQL, the relay's header as the receiving MTA adds it.
describe('mail-in with a relay that must vouch for customers\' addresses', () => {
  let world: MailInWorld;
  beforeAll(async () => {
    world = await openMailInWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  const vouching = 'mx.bank.example; dkim=pass header.d=globex.example; spf=pass smtp.mailfrom=anna.adler@globex.example; dmarc=pass header.from=globex.example';
  const failing = 'mx.bank.example; dkim=none; spf=fail smtp.mailfrom=globex.example; dmarc=fail header.from=globex.example';

  it("takes a customer's mail as theirs only when the relay vouches for it; any other goes where a stranger's would, the reason stored and told", async () => {
    const number = await world.ticketOf(customers.anna);
    const target = new DatabaseTarget(world.queues);
    const log = new RecordingLog();
    const config = world.config({ senderAuthentication: { authservId: 'mx.bank.example' }, unknownSenders: { queue: 'Unbekannte Absender' } });
    const mailIn = createMailIn({ config, db: world.db, target, log });
    await world.dovecot.deliverMany('servicedesk', [
      customerMail({ from: customers.anna.email, subject: `AW: [Ticket#${number}] Rückfrage`, headers: { 'Authentication-Results': vouching } }),
      customerMail({ from: customers.anna.email, subject: `AW: [Ticket#${number}] Depot bitte auflösen`, headers: { 'Authentication-Results': failing } }),
      customerMail({ from: customers.anna.email, subject: 'Depot bitte auflösen' }),
    ]);
    await mailIn.pollNow();
    await mailIn.stop();

    expect(target.calls.map((call) => [call.kind, call.mail.subject, call.mail.customer?.customerUserId ?? null, call.kind === 'new-ticket' ? call.mail.queue : number])).toEqual([
      ['follow-up', `AW: [Ticket#${number}] Rückfrage`, customers.anna.id, number],
      ['new-ticket', `AW: [Ticket#${number}] Depot bitte auflösen`, null, 'Unbekannte Absender'],
      ['new-ticket', 'Depot bitte auflösen', null, 'Unbekannte Absender'],
    ]);
    const stored = await storedMails(world.db, queueAddresses.Servicedesk);
    expect(stored.map((mail) => mail.classification)).toEqual([
      { kind: 'follow-up', ticketNumber: number },
      { kind: 'new-ticket', queue: 'Unbekannte Absender', why: 'sender-not-of-ticket', unauthenticated: 'mx.bank.example does not vouch for globex.example (dkim=none, spf=fail, dmarc=fail)' },
      { kind: 'new-ticket', queue: 'Unbekannte Absender', why: 'no-ticket-tag', unauthenticated: 'no Authentication-Results from mx.bank.example' },
    ]);
    expect(log.warnings()).toEqual([
      "mail-in: a mail in servicedesk@bank.example from a customer's address is taken as an unknown sender's into Unbekannte Absender: mx.bank.example does not vouch for globex.example (dkim=none, spf=fail, dmarc=fail)",
      "mail-in: a mail in servicedesk@bank.example from a customer's address is taken as an unknown sender's into Unbekannte Absender: no Authentication-Results from mx.bank.example",
    ]);
  });

  it('rejects such a mail where strangers are rejected, and takes From as written without a relay configured', async () => {
    const target = new DatabaseTarget(world.queues);
    const strict = createMailIn({ config: world.config({ senderAuthentication: { authservId: 'mx.bank.example' } }), db: world.db, target, log: new RecordingLog() });
    await world.dovecot.deliver('wertpapiere', customerMail({ from: customers.clara.email, subject: 'Kontoauszug', to: queueAddresses.Wertpapiere, headers: { 'Authentication-Results': failing } }));
    await strict.pollNow();
    await strict.stop();
    const open = createMailIn({ config: world.config(), db: world.db, target, log: new RecordingLog() });
    await world.dovecot.deliver('wertpapiere', customerMail({ from: customers.clara.email, subject: 'Kontoauszug', to: queueAddresses.Wertpapiere, headers: { 'Authentication-Results': failing } }));
    await open.pollNow();
    await open.stop();

    const stored = await storedMails(world.db, queueAddresses.Wertpapiere);
    expect(stored.map((mail) => [mail.state, mail.classification])).toEqual([
      ['rejected', { kind: 'unknown-sender-rejected', unauthenticated: 'mx.bank.example does not vouch for initech.example (dkim=none, spf=fail, dmarc=fail)' }],
      ['processed', { kind: 'new-ticket', queue: 'Wertpapiere', why: 'no-ticket-tag' }],
    ]);
    expect(target.calls.map((call) => call.mail.customer?.customerUserId)).toEqual([customers.clara.id]);
  });
});
