/**
 * The ticket number in an incoming mail's subject, `[Ticket#20261202000012]`: 8 digits of the
 * ticket's Berlin date and its 6-digit counter (src-server/domain/ticket-number.ts). Mail
 * programs put `Re:`, `AW:`, `Fwd:`, `WG:` (and more) in front and some add blanks inside the
 * brackets, so the tag is looked for anywhere in the subject, in any letter case.
 *
 * Same contract as `ticketNumberInSubject` of src-server/mail/subject.ts (the outbound side);
 * this one also refuses a tag whose date part cannot be a date, so that `[Ticket#99999999000001]`
 * is not looked up. One of the two is to go once both are merged.
 */
const tagPattern = /\[\s*Ticket\s*#\s*(\d{14})\s*\]/giu;

/** The ticket number the subject names (the first well-formed tag), or null. */
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
