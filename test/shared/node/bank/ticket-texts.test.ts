import { describe, expect, it } from 'vitest';
import { limits } from '../../../../src-shared/limits.js';
import { generateBank } from '../../../../src-shared/node/bank/bank.js';
import { generateTicketScripts } from '../../../../src-shared/node/bank/ticket-scripts.js';
import { isinCheckDigit, securities } from '../../../../src-shared/node/bank/vocabulary.js';

const bank = generateBank({ seed: 'texts' });
const scripts = [...generateTicketScripts(bank, { seed: 'texts', tickets: 2000, from: new Date('2024-01-01T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z') })];
const articles = scripts.flatMap((script) => script.steps.flatMap((step) => (step.name === 'ticket.create' || step.name === 'ticket.addArticle' ? [step.args.article] : [])));
const bodies = articles.map((article) => article.body);
const titles = scripts.flatMap((script) => script.steps.flatMap((step) => (step.name === 'ticket.create' ? [step.args.title] : [])));

describe('ticket texts', () => {
  it('reads like securities service tickets, in German and English', () => {
    const text = bodies.join('\n');
    for (const word of ['ISIN', 'T2S', 'Clearstream', 'Quellensteuer', 'Depotübertrag', 'MT54', 'Settlement-Fail', 'Dividende', 'withholding tax', 'Mit freundlichen Grüßen', 'Kind regards']) {
      expect(text + titles.join('\n'), word).toContain(word);
    }
    expect(bodies.filter((body) => /[äöüß]/u.test(body)).length).toBeGreaterThan(bodies.length / 2);
    expect(bodies.filter((body) => /\b(?:please|thank)/iu.test(body)).length).toBeGreaterThan(50);
  });

  it('fills every slot: no template braces are left', () => {
    for (const text of [...bodies, ...titles]) expect(text).not.toMatch(/\{[a-zA-Z]+\}/u);
  });

  it('sends some e-mails as HTML with signature and quote, a few with markup the display must sanitise', () => {
    const html = bodies.filter((body) => body.startsWith('<html>'));
    expect(html.length).toBeGreaterThan(100);
    expect(html.some((body) => body.includes('<br>') && body.includes('<blockquote'))).toBe(true);
    expect(html.filter((body) => /<script|onerror=|onclick=|javascript:|<iframe/u.test(body)).length).toBeGreaterThan(0);
    expect(bodies.some((body) => body.includes('-----Ursprüngliche Nachricht-----') || body.includes('-----Original Message-----'))).toBe(true);
  });

  it('attaches small realistic files, one of them an executable, all within the limits', () => {
    const files = articles.flatMap((article) => article.attachments);
    expect(files.length).toBeGreaterThan(50);
    for (const extension of ['.pdf', '.csv', '.xlsx']) expect(files.some((file) => file.filename.endsWith(extension))).toBe(true);
    expect(files.some((file) => file.filename.endsWith('.exe'))).toBe(true);
    for (const file of files) {
      const bytes = Buffer.from(file.contentBase64, 'base64');
      expect(bytes.length).toBeGreaterThan(0);
      expect(bytes.length).toBeLessThanOrEqual(limits.attachmentMaxBytes);
      if (file.filename.endsWith('.pdf')) expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    for (const article of articles) {
      expect(article.body.length).toBeLessThanOrEqual(limits.articleBodyMaxLength);
      expect(article.subject.length).toBeLessThanOrEqual(limits.articleSubjectMaxLength);
    }
  });

  it('names real securities by their valid ISINs', () => {
    for (const [, isin] of securities) expect(isinCheckDigit(isin.slice(0, 11))).toBe(Number(isin.slice(11)));
  });
});
