import { limits } from '../../limits.js';
import { normaliseUsername } from '../../username.js';
import { DirectoryInputError } from './types.js';

/** Longest DN we pass on; real DNs are far shorter, anything longer is not a DN we issued. */
export const dnMaxLength = 2048;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const controlCharacters = /[\u0000-\u001f\u007f]/u;

/** Refuses text the directory must never see: NUL and other control characters, oversized input. */
export function checkText(what: string, value: string, maxLength: number): void {
  if (value.length > maxLength) throw new DirectoryInputError(`${what} is longer than ${maxLength} characters`);
  if (controlCharacters.test(value)) throw new DirectoryInputError(`${what} contains control characters`);
}

export function checkedUsername(raw: string): string {
  checkText('user name', raw, limits.usernameMaxLength);
  return normaliseUsername(raw);
}

/** The search text in the form both implementations match: NFC, trimmed, inner whitespace folded. */
export function checkedCustomerQuery(raw: string, limit: number): string {
  checkText('search text', raw, limits.customerSearchMaxLength);
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.customerSearchMaxResults) {
    throw new DirectoryInputError(`limit must be a whole number from 1 to ${limits.customerSearchMaxResults}`);
  }
  return raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

export function checkedDn(dn: string): void {
  checkText('DN', dn, dnMaxLength);
}

/** Passwords may hold any character but NUL (which would end the string on the server). */
export function checkedPassword(password: string): void {
  if (password.length > limits.passwordMaxLength) throw new DirectoryInputError(`password is longer than ${limits.passwordMaxLength} characters`);
  if (password.includes('\0')) throw new DirectoryInputError('password contains a NUL byte');
}
