import type { Institution } from '../../domain/people.js';
import type { DirectoryMapping } from './config.js';
import { DnSyntaxError, isWithin, normaliseDn, parentDn } from './dn.js';
import { type DirectoryRecord, institutionAttributes, toInstitution } from './records.js';

type ReadEntry = (dn: string, attributes: string[]) => Promise<DirectoryRecord | null>;

/** Institutions change rarely; a short memory spares a read per search result. */
const rememberMs = 5 * 60_000;

/**
 * A customer's institution is the entry their entry sits under (below the customers base).
 * Looked up once per parent and remembered for a few minutes.
 */
export class InstitutionResolver {
  private readonly known = new Map<string, { institution: Institution | null; until: number }>();

  constructor(
    private readonly mapping: DirectoryMapping,
    private readonly readEntry: ReadEntry,
    private readonly now: () => number = Date.now,
  ) {}

  async of(personDn: string): Promise<Institution | null> {
    let parent: string | null;
    try {
      parent = parentDn(personDn);
    } catch (error) {
      if (error instanceof DnSyntaxError) return null;
      throw error;
    }
    if (parent === null || !isWithin(parent, this.mapping.customersBase)) return null;
    const key = normaliseDn(parent);
    if (key === normaliseDn(this.mapping.customersBase)) return null;
    const cached = this.known.get(key);
    if (cached && cached.until > this.now()) return cached.institution;
    const record = await this.readEntry(parent, institutionAttributes(this.mapping));
    const institution = record ? toInstitution(record, this.mapping) : null;
    this.known.set(key, { institution, until: this.now() + rememberMs });
    return institution;
  }
}
