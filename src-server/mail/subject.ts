/**
 * The ticket number in a mail's subject, `[Ticket#20261202000012]`: every mail Kontor sends
 * carries it, and the inbound side files a reply under the ticket it names. Customers' mail
 * programs put `Re:`, `AW:`, `Fwd:` or `WG:` in front, some add spaces inside the brackets; the
 * tag is found wherever it stands.
 */
const tagPattern = /\[\s*Ticket\s*#\s*(\d{14})\s*\]/giu;

/** The subject with the ticket's tag in front; line breaks (a header must not have them) become spaces. */
export function taggedSubject(ticketNumber: string, text: string): string {
  const oneLine = text.replace(/[\r\n\t]+/gu, ' ').replace(/ {2,}/gu, ' ').trim();
  return `[Ticket#${ticketNumber}] ${oneLine}`.trim();
}

/**
 * The ticket number a subject names (the first well-formed tag), or null: 8 digits of the
 * ticket's Berlin date and its 6-digit counter (src-server/domain/ticket-number.ts). A tag whose
 * date part cannot be a date (`[Ticket#99999999000001]`) is not one, so it is never looked up.
 */
export function ticketNumberInSubject(subject: string): string | null {
  for (const match of subject.matchAll(tagPattern)) {
    const number = match[1];
    if (number !== undefined && isPlausibleDate(number.slice(0, 8))) return number;
  }
  return null;
}

function isPlausibleDate(digits: string): boolean {
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  return Number(digits.slice(0, 4)) >= 2000 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
