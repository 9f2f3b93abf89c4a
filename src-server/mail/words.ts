/** The languages customers get mail in; German unless the directory says English. */
export const mailLanguages = ['de', 'en'] as const;
export type MailLanguage = (typeof mailLanguages)[number];

/**
 * A customer's language from the directory (`de`, `en-GB`, `English`…) as a mail language;
 * German when the directory says nothing or something else.
 */
export function mailLanguageOf(preferred: string | null | undefined): MailLanguage {
  const value = (preferred ?? '').trim().toLowerCase();
  return value === 'en' || value.startsWith('en-') || value.startsWith('en_') || value === 'english' ? 'en' : 'de';
}

/** Everything a customer reads in a mail besides the ticket's own words, per language. */
export interface MailWords {
  htmlLang: string;
  greeting(name: string): string;
  created: { subject(title: string): string; lead: string; requestHeading: string };
  answered: { subject(title: string): string; lead: string };
  pending: { subject(title: string): string; lead(until: string | null): string };
  closed: { subject(title: string): string; successful: string; unsuccessful: string };
  /** Above the quoted customer message of an e-mail reply. */
  quoteHeader(when: string, name: string): string;
  closing: string;
  /** The footer of every mail: reply with the number in the subject. */
  replyHint(tag: string): string;
  portal(url: string): string;
  dateTime(instant: string): string;
}

const berlinTime = (locale: string) => {
  const format = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Berlin', dateStyle: 'long', timeStyle: 'short' });
  return (instant: string): string => format.format(new Date(instant));
};

const de: MailWords = {
  htmlLang: 'de',
  greeting: (name) => `Guten Tag ${name},`,
  created: {
    subject: (title) => `Ihre Anfrage ist eingegangen: ${title}`,
    lead: 'vielen Dank für Ihre Anfrage. Wir haben sie unter der oben genannten Ticketnummer aufgenommen und melden uns so bald wie möglich.',
    requestHeading: 'Ihre Anfrage:',
  },
  answered: {
    subject: (title) => `Neue Antwort zu Ihrer Anfrage: ${title}`,
    lead: 'zu Ihrer Anfrage gibt es eine neue Antwort:',
  },
  pending: {
    subject: (title) => `Ihre Anfrage ist zurückgestellt: ${title}`,
    lead: (until) =>
      until === null
        ? 'wir haben Ihre Anfrage zurückgestellt und kommen auf sie zurück.'
        : `wir haben Ihre Anfrage bis ${until} (Berliner Zeit) zurückgestellt und kommen dann auf sie zurück.`,
  },
  closed: {
    subject: (title) => `Ihre Anfrage ist abgeschlossen: ${title}`,
    successful: 'wir haben Ihre Anfrage abgeschlossen. Wenn noch etwas offen ist, antworten Sie einfach auf diese E-Mail; das Ticket wird dann wieder geöffnet.',
    unsuccessful:
      'wir haben Ihre Anfrage abgeschlossen, konnten sie aber leider nicht lösen. Wenn Sie Fragen dazu haben, antworten Sie einfach auf diese E-Mail; das Ticket wird dann wieder geöffnet.',
  },
  // No name for a ticket without customer user (an unknown sender's): the reader is who wrote.
  quoteHeader: (when, name) => (name === '' ? `Am ${when} schrieben Sie:` : `Am ${when} schrieb ${name}:`),
  closing: 'Mit freundlichen Grüßen\nIhr Service-Team',
  replyHint: (tag) => `Bitte antworten Sie auf diese E-Mail und lassen Sie ${tag} im Betreff stehen, damit Ihre Nachricht der Anfrage zugeordnet wird.`,
  portal: (url) => `Alle Anfragen Ihres Hauses finden Sie auch im Kundenportal: ${url}`,
  dateTime: berlinTime('de-DE'),
};

const en: MailWords = {
  htmlLang: 'en',
  greeting: (name) => `Dear ${name},`,
  created: {
    subject: (title) => `We have received your request: ${title}`,
    lead: 'thank you for your request. We have recorded it under the ticket number above and will get back to you as soon as possible.',
    requestHeading: 'Your request:',
  },
  answered: {
    subject: (title) => `New reply to your request: ${title}`,
    lead: 'there is a new reply to your request:',
  },
  pending: {
    subject: (title) => `Your request is on hold: ${title}`,
    lead: (until) =>
      until === null ? 'we have put your request on hold and will come back to it.' : `we have put your request on hold until ${until} (Berlin time) and will come back to it then.`,
  },
  closed: {
    subject: (title) => `Your request has been closed: ${title}`,
    successful: 'we have closed your request. If anything is still open, simply reply to this e-mail and the ticket will be reopened.',
    unsuccessful: 'we have closed your request but were unfortunately unable to resolve it. If you have questions, simply reply to this e-mail and the ticket will be reopened.',
  },
  quoteHeader: (when, name) => (name === '' ? `On ${when}, you wrote:` : `On ${when}, ${name} wrote:`),
  closing: 'Kind regards\nYour service team',
  replyHint: (tag) => `Please reply to this e-mail and keep ${tag} in the subject so that your message is filed with your request.`,
  portal: (url) => `You can also find all requests of your institution in the customer portal: ${url}`,
  dateTime: berlinTime('en-GB'),
};

export const mailWords: Record<MailLanguage, MailWords> = { de, en };
