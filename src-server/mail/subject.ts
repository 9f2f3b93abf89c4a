/**
 * The ticket number in a mail's subject, `[Ticket#20261202000012]`: every mail Kontor sends
 * carries it, and the inbound side files a reply under the ticket it names. Customers' mail
 * programs put `Re:`, `AW:`, `Fwd:` or `WG:` in front, some add spaces inside the brackets; the
 * tag is found wherever it stands.
 */
const tagPattern = /\[\s*Ticket\s*#\s*(\d{14})\s*\]/iu;

/** The subject with the ticket's tag in front; line breaks (a header must not have them) become spaces. */
export function taggedSubject(ticketNumber: string, text: string): string {
  const oneLine = text.replace(/[\r\n\t]+/gu, ' ').replace(/ {2,}/gu, ' ').trim();
  return `[Ticket#${ticketNumber}] ${oneLine}`.trim();
}

/** The ticket number a subject names (the first tag), or null. */
export function ticketNumberInSubject(subject: string): string | null {
  return tagPattern.exec(subject)?.[1] ?? null;
}
