import { z } from 'zod';
import { type CustomerUser, type Institution, customerUserSchema, institutionSchema } from '../../domain/people.js';
import { limits } from '../../limits.js';
import { normaliseUsername } from '../../username.js';
import { isCustomerDn } from './bases.js';
import { type DirectoryMapping, institutionShapeOf, languageAttributeOf } from './config.js';
import type { CustomerLanguage, DirectoryGroup, DirectoryPerson } from './types.js';

/**
 * One entry as LDAP or the LDIF file returned it, before it is trusted. Every entry passes a
 * zod schema here before it becomes a DirectoryPerson, a customer or a group.
 */
export interface DirectoryRecord {
  dn: string;
  /** Values of an attribute (case-insensitive name) as UTF-8 text. */
  text(attribute: string): string[];
  /** Values of an attribute as bytes (binary attributes such as objectGUID). */
  bytes(attribute: string): Buffer[];
}

/**
 * Attributes a person's record needs, the institution's attribute among them when the mapping
 * keeps the institution on the customer's entry; request them explicitly (operational ones are
 * never sent unasked).
 */
export function personAttributes(mapping: DirectoryMapping): string[] {
  const shape = institutionShapeOf(mapping);
  return [mapping.idAttribute, mapping.usernameAttribute, 'cn', 'displayName', 'mail', 'telephoneNumber', ...(shape.kind === 'parent' ? [] : [shape.attribute])];
}

/** What a customer listing reads of each customer user: a person's attributes and their language. */
export function customerAttributes(mapping: DirectoryMapping): string[] {
  return [...personAttributes(mapping), languageAttributeOf(mapping)];
}

/**
 * The language of a customer user's entry, if Kontor writes in it: the first language of the
 * attribute's first value (`de-DE`, `EN-gb`, `en-gb;q=0.8, de` → its primary subtag), `de` or
 * `en`; null for any other or none.
 */
export function customerLanguageOf(record: DirectoryRecord, mapping: DirectoryMapping): CustomerLanguage | null {
  return normaliseLanguage(record.text(languageAttributeOf(mapping)).find((value) => value.trim() !== '') ?? null);
}

export function normaliseLanguage(value: string | null): CustomerLanguage | null {
  if (value === null) return null;
  const first = value.split(',')[0]?.split(';')[0]?.trim() ?? '';
  const primary = first.split(/[-_]/u)[0]?.toLowerCase();
  return primary === 'de' || primary === 'en' ? primary : null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

export function isBinaryGuidAttribute(attribute: string): boolean {
  return attribute.toLowerCase() === 'objectguid';
}

/** Active Directory's objectGUID is 16 bytes whose first three groups are little-endian. */
export function guidFromBytes(bytes: Buffer): string | null {
  if (bytes.length !== 16) return null;
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Buffer.from(bytes.subarray(from, to));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

export function guidToBytes(guid: string): Buffer | null {
  if (!uuidPattern.test(guid)) return null;
  const hex = guid.replace(/-/gu, '');
  const part = (from: number, to: number, reverse: boolean): Buffer => {
    const buffer = Buffer.from(hex.slice(from, to), 'hex');
    return reverse ? buffer.reverse() : buffer;
  };
  return Buffer.concat([part(0, 8, true), part(8, 12, true), part(12, 16, true), part(16, 20, false), part(20, 32, false)]);
}

/** Whether a typed-in id can name an entry at all; ids of UUID-shaped attributes must be UUIDs. */
export function isPlausibleId(mapping: DirectoryMapping, id: string): boolean {
  const uuidShaped = ['entryuuid', 'objectguid'].includes(mapping.idAttribute.toLowerCase());
  return uuidShaped ? uuidPattern.test(id) : id.length > 0 && id.length <= 128;
}

export function readId(record: DirectoryRecord, idAttribute: string): string | null {
  if (isBinaryGuidAttribute(idAttribute)) {
    const bytes = record.bytes(idAttribute)[0];
    return bytes ? guidFromBytes(bytes) : null;
  }
  const value = record.text(idAttribute)[0];
  return value === undefined ? null : value.toLowerCase();
}

const first = (record: DirectoryRecord, attribute: string): string | null => record.text(attribute).find((value) => value.trim() !== '') ?? null;

const problems = (error: z.ZodError): string => error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');

const personSchema = z.object({
  id: z.string().min(1).max(128),
  dn: z.string().min(1).max(4096),
  username: z.string().min(1).max(limits.usernameMaxLength),
  displayName: z.string().min(1).max(limits.displayNameMaxLength),
  email: z.string().max(320).nullable(),
  phone: z.string().max(64).nullable(),
  institution: institutionSchema.nullable(),
});

/** The person this record describes, or the reason it cannot describe one. */
export function toPerson(
  record: DirectoryRecord,
  mapping: DirectoryMapping,
  institution: Institution | null,
): { ok: true; person: DirectoryPerson } | { ok: false; problem: string } {
  const username = first(record, mapping.usernameAttribute);
  const parsed = personSchema.safeParse({
    id: readId(record, mapping.idAttribute),
    dn: record.dn,
    username: username === null ? null : normaliseUsername(username),
    displayName: first(record, 'displayName') ?? first(record, 'cn') ?? username,
    email: first(record, 'mail'),
    phone: first(record, 'telephoneNumber'),
    institution,
  });
  if (parsed.success) return { ok: true, person: parsed.data };
  return { ok: false, problem: problems(parsed.error) };
}

export function toCustomer(person: DirectoryPerson): CustomerUser | null {
  const parsed = customerUserSchema.safeParse({
    id: person.id,
    username: person.username,
    displayName: person.displayName,
    email: person.email,
    phone: person.phone,
    institution: person.institution,
  });
  return parsed.success ? parsed.data : null;
}

/** The institution an organisation entry describes (name from o, ou or cn), or the reason it describes none. */
export function institutionFrom(record: DirectoryRecord, mapping: DirectoryMapping): { ok: true; institution: Institution } | { ok: false; problem: string } {
  const parsed = institutionSchema.safeParse({
    id: readId(record, mapping.idAttribute),
    name: first(record, 'o') ?? first(record, 'ou') ?? first(record, 'cn'),
  });
  return parsed.success ? { ok: true, institution: parsed.data } : { ok: false, problem: problems(parsed.error) };
}

const groupSchema = z.object({ dn: z.string().min(1).max(4096), name: z.string().min(1).max(256) });

export function toGroup(record: DirectoryRecord): DirectoryGroup | null {
  const parsed = groupSchema.safeParse({ dn: record.dn, name: first(record, 'cn') });
  return parsed.success ? parsed.data : null;
}

export const institutionAttributes = (mapping: DirectoryMapping): string[] => [mapping.idAttribute, 'o', 'ou', 'cn'];

const collator = new Intl.Collator('de', { sensitivity: 'base' });

/** Results are shown sorted by display name, the same way for LDAP and LDIF. */
export function byDisplayName(a: { displayName: string; username: string }, b: { displayName: string; username: string }): number {
  return collator.compare(a.displayName, b.displayName) || collator.compare(a.username, b.username);
}

/**
 * One page of customer search results from the records a search returned (one more than
 * `limit`, to tell whether there were more): entries that do not make a valid customer, and
 * people of a peopleBase inside customersBase, are left out rather than failing the search;
 * sorted by name.
 */
export async function customerPage<R extends DirectoryRecord>(
  records: readonly R[],
  mapping: DirectoryMapping,
  limit: number,
  institutionOf: (record: R) => Promise<Institution | null>,
): Promise<{ customers: CustomerUser[]; truncated: boolean }> {
  const customers: CustomerUser[] = [];
  for (const record of records) {
    if (!isCustomerDn(mapping, record.dn)) continue;
    const person = toPerson(record, mapping, await institutionOf(record));
    const customer = person.ok ? toCustomer(person.person) : null;
    if (customer) customers.push(customer);
  }
  customers.sort(byDisplayName);
  return { customers: customers.slice(0, limit), truncated: records.length > limit };
}
