import { describe, expect, it } from 'vitest';
import { taggedSubject, ticketNumberInSubject } from '../../../src-server/mail/subject.js';
import { mailLanguageOf } from '../../../src-server/mail/words.js';

describe('the ticket number in a subject', () => {
  it('is written in front of the subject, on one line', () => {
    expect(taggedSubject('20261202000012', 'Ihre Anfrage\r\nist eingegangen')).toBe('[Ticket#20261202000012] Ihre Anfrage ist eingegangen');
  });

  it.each([
    ['[Ticket#20261202000012] Your request', '20261202000012'],
    ['Re: [Ticket#20261202000012] Your request', '20261202000012'],
    ['AW: AW: [Ticket#20261202000012] Ihre Anfrage', '20261202000012'],
    ['Fwd: WG: [ticket#20261202000012] Ihre Anfrage', '20261202000012'],
    ['RE:[ Ticket # 20261202000012 ]', '20261202000012'],
    ['Frage zu [Ticket#20261202000012] und [Ticket#20261202000013]', '20261202000012'],
  ])('is found in "%s"', (subject, number) => {
    expect(ticketNumberInSubject(subject)).toBe(number);
  });

  it.each(['Your request', 'Ticket#20261202000012', '[Ticket#2026120200001]', '[Ticket#202612020000123]', '[Ticket#2026120200001x]'])('is not found in "%s"', (subject) => {
    expect(ticketNumberInSubject(subject)).toBeNull();
  });
});

describe("a customer's language from the directory", () => {
  it.each([
    [null, 'de'],
    ['', 'de'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['fr', 'de'],
    ['en', 'en'],
    ['EN-gb', 'en'],
    ['en_US', 'en'],
    ['English', 'en'],
  ])('%s → %s', (preferred, language) => {
    expect(mailLanguageOf(preferred)).toBe(language);
  });
});
