import { z } from 'zod';

/** An address as it goes into a header: nodemailer encodes the name. */
export interface Mailbox {
  name: string;
  address: string;
}

const addressSchema = z.email();

/** Whether `address` is a plain e-mail address (no name, no line breaks, nothing a header could carry further). */
export function isMailAddress(address: string): boolean {
  return address.length <= 320 && addressSchema.safeParse(address).success;
}

/** `Name <address>`, `"Name" <address>` or a bare address; null when it is none of them. */
export function parseMailbox(text: string): Mailbox | null {
  const trimmed = text.trim();
  const named = /^(.*?)\s*<([^<>]+)>$/u.exec(trimmed);
  const name = (named?.[1] ?? '').replace(/^"(.*)"$/u, '$1').trim();
  const address = (named?.[2] ?? trimmed).trim();
  if (/[\r\n]/u.test(name) || !isMailAddress(address)) return null;
  return { name, address };
}

/** The domain of an address, for Message-IDs (`<id@domain>`). */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
