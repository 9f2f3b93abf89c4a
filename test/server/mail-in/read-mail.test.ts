import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { limits } from '../../../src-shared/limits.js';
import { mailInConfigSchema, mailInQueueProblems, resolveMailInPaths } from '../../../src-server/mail-in/config.js';
import { htmlToPlainText, mailBodyText } from '../../../src-server/mail-in/html-to-text.js';
import { attachmentName, readMail, summariseHeaders } from '../../../src-server/mail-in/read-mail.js';
import { customerMail } from './support.js';

const whole = (raw: string | Buffer) => {
  const buffer = Buffer.from(raw);
  return readMail(buffer, { truncated: false, size: buffer.length, maxMessageBytes: 25 * 1024 * 1024 });
};

/** Bodies that would run script, load something or restyle a page if they were put into one as they are. */
const hostileHtml = `<html><head><style>body{background:url(https://tracker.example/p.gif)}</style>
<script>window.kontorXss = 1</script><meta http-equiv="refresh" content="0;url=https://evil.example"></head>
<body onload="window.kontorXss = 2"><p>Sehr geehrte Damen und Herren,</p>
<img src="https://tracker.example/pixel.gif" onerror="window.kontorXss = 3">
<svg><script>window.kontorXss = 4</script></svg>
<p>bitte <a href="javascript:window.kontorXss = 5">hier</a> klicken &amp; &lt;script&gt; lesen.</p>
<iframe srcdoc="&lt;script&gt;window.kontorXss = 6&lt;/script&gt;"></iframe>
<math><mi><xss style="x:expression(alert(7))"></mi></math><noscript><p title="</noscript><img src=x onerror=alert(8)>"></noscript>
</body></html>`;

function htmlMail(html: string): string {
  return customerMail({ from: 'anna.adler@globex.example', subject: 'HTML', headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html });
}

describe('reading a mail', () => {
  it('keeps a hostile HTML body exactly as received and gives a text with no markup in it', async () => {
    const read = await whole(htmlMail(hostileHtml));
    if (!('content' in read)) throw new Error('expected a readable mail');
    expect(read.content.html?.replace(/\r\n/gu, '\n')).toBe(hostileHtml);
    // What the sender wrote as text, and the addresses of links and pictures; `<script>` is what the mail said in words.
    expect(read.content.text).toBe('Sehr geehrte Damen und Herren,\n\n[https://tracker.example/pixel.gif]\n\nbitte hier [javascript:window.kontorXss = 5] klicken & <script> lesen.');
  });

  it('has a text of its own for HTML the parser gives up on: no script or style text, block elements as lines', () => {
    const text = htmlToPlainText(hostileHtml);
    expect(text).not.toContain('kontorXss = 1');
    expect(text).not.toContain('kontorXss = 4');
    expect(text).not.toContain('tracker.example/p.gif');
    expect(text).toContain('Sehr geehrte Damen und Herren,\n');
    expect(text).toContain('bitte hier klicken & <script> lesen.');
    expect(htmlToPlainText('a < b &#228;&#xF6;&uuml; &bogus; <!-- hidden --> <SCRIPT type="x">1 > 0</SCRIPT >c')).toBe('a < b äöü &bogus; c');
    // Linear whatever the nesting: 200,000 open elements and an unclosed quote take no time.
    const started = performance.now();
    htmlToPlainText(`${'<div><b>'.repeat(100_000)}text<a title="${'x'.repeat(100_000)}`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(mailBodyText({ text: '  \n', html: '<p>only html</p>' })).toBe('only html');
    expect(mailBodyText({ text: 'Zeile 1\r\n    eingerückt  \r\n\r\n\r\n\r\nEnde\u0007' })).toBe('Zeile 1\n    eingerückt\n\nEnde');
  });

  it('hands attachments over within the per-attachment limit and names the ones left out', async () => {
    const small = randomBytes(1000);
    const raw = [
      'From: anna.adler@globex.example', 'To: servicedesk@bank.example', 'Subject: Auszug', 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain; charset=utf-8', '', 'Anbei der Auszug.', '--b1',
      'Content-Type: application/pdf; name="Auszug März.pdf"', 'Content-Disposition: attachment; filename*=utf-8\'\'Auszug%20M%C3%A4rz.pdf',
      'Content-Transfer-Encoding: base64', '', small.toString('base64'), '--b1',
      'Content-Type: image/png', 'Content-ID: <image001.png@01DB4C2A>', 'Content-Disposition: inline', 'Content-Transfer-Encoding: base64', '', small.toString('base64'), '--b1',
      'Content-Type: application/octet-stream; name="gross.bin"', 'Content-Transfer-Encoding: base64', '',
      Buffer.alloc(limits.attachmentMaxBytes + 1).toString('base64').replace(/.{76}/gu, '$&\r\n'), '--b1--', '',
    ].join('\r\n');
    const read = await whole(raw);
    if (!('content' in read)) throw new Error('expected a readable mail');
    expect(read.content.text).toBe('Anbei der Auszug.');
    expect(read.content.attachments.map(({ filename, contentType, size, contentId, inline }) => ({ filename, contentType, size, contentId, inline }))).toEqual([
      { filename: 'Auszug März.pdf', contentType: 'application/pdf', size: 1000, contentId: null, inline: false },
      { filename: 'attachment-2.png', contentType: 'image/png', size: 1000, contentId: 'image001.png@01DB4C2A', inline: true },
    ]);
    expect(read.content.attachments[0]?.content.equals(small)).toBe(true);
    expect(read.content.omittedAttachments).toEqual([{ filename: 'gross.bin', contentType: 'application/octet-stream', size: limits.attachmentMaxBytes + 1, reason: 'too-large' }]);
  });

  it('bounds subject, body and file names to the article limits', async () => {
    const read = await whole(customerMail({ from: 'anna.adler@globex.example', subject: 'S'.repeat(400), body: 'x'.repeat(limits.articleBodyMaxLength + 10) }));
    if (!('content' in read)) throw new Error('expected a readable mail');
    expect(read.content.subject).toHaveLength(limits.articleSubjectMaxLength);
    expect(read.content.text.length).toBeLessThanOrEqual(limits.articleBodyMaxLength);
    expect(read.content.text).toMatch(/gekürzt/u);
    const long = attachmentName(`${'n'.repeat(300)}.pdf`, 'application/pdf', 1);
    expect(long).toHaveLength(limits.attachmentFilenameMaxLength);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(attachmentName('a\u0000b\r\n.txt', 'text/plain', 1)).toBe('ab.txt');
  });

  it.each([
    ['random bytes', randomBytes(2000), /no header block/u],
    ['text without headers', Buffer.from('Hallo, dies ist keine E-Mail.\r\n\r\nNur Text.'), /no header block/u],
    ['headers without a sender', Buffer.from('Subject: wer bin ich\r\nTo: servicedesk@bank.example\r\n\r\nText'), /no sender address/u],
    ['a sender that is no address', Buffer.from('From: Anna Adler\r\nSubject: x\r\n\r\nText'), /no sender address/u],
  ])('finds %s unreadable and says why', async (_name, raw, problem) => {
    const read = await whole(raw);
    expect(read.reading.readable).toBe(false);
    if (!read.reading.readable) expect(read.reading.problem).toMatch(problem);
  });

  it('does not read a truncated mail, and summarises headers without the body', async () => {
    const raw = Buffer.from(customerMail({ from: '"Adler, Anna" <Anna.Adler@Globex.example>', subject: '=?utf-8?q?Depot=C3=BCbertrag?=', messageId: '<m1@globex.example>' }));
    const read = await readMail(raw, { truncated: true, size: 90_000_000, maxMessageBytes: 65_536 });
    expect(read.reading).toEqual({ readable: false, problem: expect.stringMatching(/90000000 bytes, more than maxMessageBytes \(65536\)/u) as unknown });
    expect(await summariseHeaders(raw)).toEqual({ fromAddress: 'anna.adler@globex.example', subject: 'Depotübertrag', messageId: '<m1@globex.example>' });
    expect(await summariseHeaders(randomBytes(500))).toEqual({ fromAddress: null, subject: null, messageId: null });
  });
});

describe('the mailIn config section', () => {
  const imap = { host: 'imap.bank.example', port: 993, secure: true, user: 'servicedesk', password: 'geheim' };
  const mailbox = { address: 'ServiceDesk@Bank.example', queue: 'Servicedesk', imap };

  it('fills defaults and lower-cases addresses', () => {
    expect(mailInConfigSchema.parse({ mailboxes: [mailbox] })).toEqual({
      mailboxes: [{ address: 'servicedesk@bank.example', queue: 'Servicedesk', folder: 'INBOX', imap: { ...imap, requireTls: false } }],
      pollSeconds: 60, unknownSenders: 'reject', perSenderLimit: { maxMails: 20, windowMinutes: 60 }, maxMessageBytes: 25 * 1024 * 1024,
    });
  });

  it('allows IMAP without TLS towards loopback only', () => {
    const plain = (host: string, extra: object = {}) => mailInConfigSchema.safeParse({ mailboxes: [{ ...mailbox, imap: { ...imap, host, port: 143, secure: false, ...extra } }] });
    expect(plain('127.0.0.1').success).toBe(true);
    expect(plain('localhost').success).toBe(true);
    expect(plain('imap.bank.example', { requireTls: true }).success).toBe(true);
    const refused = plain('imap.bank.example');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['mailboxes', 0, 'imap', 'secure'], message: expect.stringMatching(/loopback/u) as unknown });
    expect(JSON.stringify(refused.error)).not.toContain('geheim');
  });

  it('refuses duplicate addresses and unknown fields, and names queues that do not exist', () => {
    expect(mailInConfigSchema.safeParse({ mailboxes: [mailbox, { ...mailbox, address: 'servicedesk@bank.example' }] }).success).toBe(false);
    expect(mailInConfigSchema.safeParse({ mailboxes: [mailbox], pollSecs: 5 }).success).toBe(false);
    const config = mailInConfigSchema.parse({ mailboxes: [mailbox], unknownSenders: { queue: 'Fremde' } });
    expect(mailInQueueProblems(config, new Set(['Servicedesk']))).toEqual([{ path: ['unknownSenders', 'queue'], message: 'queue "Fremde" is not in queues' }]);
    expect(resolveMailInPaths(mailInConfigSchema.parse({ mailboxes: [{ ...mailbox, imap: { ...imap, caFile: 'ca.pem' } }] }), '/etc/kontor').mailboxes[0]?.imap.caFile).toBe('/etc/kontor/ca.pem');
  });
});
