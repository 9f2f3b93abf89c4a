import type { z } from 'zod';
import type { CustomerDirectory, CustomerLanguage } from '../../src-shared/node/directory/types.js';
import { customerUserDescription, institutionDescription, type CustomerUserEntity, type InstitutionEntity } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { customerUserTable, institutionTable } from '../db/entity-tables.js';
import { invalidateUnlisted, rowsPerStatement, storeListed, type ListedWrite } from './listed-entities.js';
import type { KindCounts, SkippedDirectoryEntry } from './report.js';

/** The customer side of one listing as entities, and the ids the sync must not mark invalid. */
export interface ListedCustomers {
  institutions: InstitutionEntity[];
  customers: CustomerUserEntity[];
  /** Each stored customer's language (null: German), kept by the server only: the feed's entity has none. */
  languages: { id: string; language: CustomerLanguage | null }[];
  skipped: SkippedDirectoryEntry[];
}

function problemOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ');
}

/**
 * Turns a directory listing into the entities the feed carries, each valid at version 1.
 * Institutions are those listed plus any a customer names that the listing did not; a
 * customer whose institution cannot be stored is skipped rather than stored without it. An
 * entry skipped here or by the directory has no usable record, so it counts as not listed (a
 * stored row becomes invalid) until it is fixed in the directory; the report says why.
 */
export function listedCustomers(listing: CustomerDirectory): ListedCustomers {
  const skipped: SkippedDirectoryEntry[] = listing.skipped.map((entry) => ({ kind: 'customer', entry: entry.dn, problem: entry.problem }));
  const named = new Map(listing.institutions.map((institution) => [institution.id, institution]));
  for (const customer of listing.customers) {
    if (customer.institution && !named.has(customer.institution.id)) named.set(customer.institution.id, customer.institution);
  }
  const institutions: InstitutionEntity[] = [];
  for (const institution of named.values()) {
    const parsed = institutionDescription.schema.safeParse({ id: institution.id, name: institution.name, valid: true, version: 1 });
    if (parsed.success) institutions.push(parsed.data);
    else skipped.push({ kind: 'institution', entry: institution.id, problem: problemOf(parsed.error) });
  }
  const storable = new Set(institutions.map((institution) => institution.id));

  const customers: CustomerUserEntity[] = [];
  const languages: ListedCustomers['languages'] = [];
  const seen = new Set<string>();
  for (const customer of listing.customers) {
    if (seen.has(customer.id)) {
      skipped.push({ kind: 'customer', entry: customer.id, problem: 'another entry has the same id' });
      continue;
    }
    seen.add(customer.id);
    const institutionId = customer.institution?.id ?? null;
    if (institutionId !== null && !storable.has(institutionId)) {
      skipped.push({ kind: 'customer', entry: customer.id, problem: `its institution ${institutionId} cannot be stored` });
      continue;
    }
    const parsed = customerUserDescription.schema.safeParse({
      id: customer.id,
      username: customer.username,
      displayName: customer.displayName,
      email: customer.email,
      phone: customer.phone,
      institutionId,
      valid: true,
      version: 1,
    });
    if (parsed.success) {
      customers.push(parsed.data);
      languages.push({ id: customer.id, language: listing.languages?.get(customer.id) ?? null });
    } else skipped.push({ kind: 'customer', entry: customer.id, problem: problemOf(parsed.error) });
  }
  return { institutions, customers, languages, skipped };
}

/** Institutions first (customers refer to them), then customers; each kind's unlisted rows become invalid. */
export async function storeCustomers(tx: Queryable, listed: ListedCustomers): Promise<{ institutions: KindCounts; customers: KindCounts }> {
  const institutions = await storeListed(tx, 'institution', institutionTable, listed.institutions);
  const invalidInstitutions = await invalidateUnlisted(tx, 'institution', institutionTable, listed.institutions.map((entry) => entry.id));
  const customers = await storeListed(tx, 'customer-user', customerUserTable, listed.customers);
  const invalidCustomers = await invalidateUnlisted(tx, 'customer-user', customerUserTable, listed.customers.map((entry) => entry.id));
  await storeLanguages(tx, listed.languages);
  const counts = (stored: number, written: ListedWrite, invalidated: number): KindCounts => ({
    ...written,
    invalidated,
    unchanged: stored - written.created - written.updated,
  });
  return {
    institutions: counts(listed.institutions.length, institutions, invalidInstitutions),
    customers: counts(listed.customers.length, customers, invalidCustomers),
  };
}

/**
 * Writes the customers' languages where they changed. Server-only (`customer_users.language`,
 * read when a mail is rendered): no version, no change row, the Desks never see it.
 */
async function storeLanguages(tx: Queryable, languages: ListedCustomers['languages']): Promise<void> {
  for (let index = 0; index < languages.length; index += rowsPerStatement) {
    await tx.query(
      `UPDATE customer_users cu SET language = d.language
       FROM jsonb_to_recordset($1::jsonb) AS d(id text, language text)
       WHERE cu.id = d.id AND cu.language IS DISTINCT FROM d.language`,
      [JSON.stringify(languages.slice(index, index + rowsPerStatement))],
    );
  }
}
