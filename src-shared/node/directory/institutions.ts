import { type Institution, institutionSchema } from '../../domain/people.js';
import { nameBasedUuid } from '../name-based-id.js';
import { type DirectoryMapping, type InstitutionShape, institutionShapeOf } from './config.js';
import { DnSyntaxError, formatDn, isWithin, normaliseDn, parentDn, parseDn } from './dn.js';
import { type DirectoryRecord, institutionAttributes, institutionFrom } from './records.js';

type ReadEntry = (dn: string, attributes: string[]) => Promise<DirectoryRecord | null>;

/** A customer's institution (null: the entry names none), or why the entry's institution is unusable. */
export type InstitutionOutcome = { ok: true; institution: Institution | null } | { ok: false; problem: string };

/** Institutions change rarely; a short memory spares a read per search result. */
const rememberMs = 5 * 60_000;

/** The form two spellings of one institution name share: NFC, whitespace folded, case folded (ß as ss, as LDAP matches). */
export function institutionNameKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim().toUpperCase().toLowerCase().normalize('NFC');
}

/** The stable id of an institution known only by its name: the same name gives the same id everywhere. */
export function institutionIdFromName(name: string): string {
  return nameBasedUuid(`kontor-institution:${institutionNameKey(name)}`);
}

/** A DN in one escaping style, so that a problem reads the same whichever server spelt the DN. */
function shownDn(dn: string): string {
  try {
    return formatDn(parseDn(dn));
  } catch (error) {
    if (error instanceof DnSyntaxError) return dn;
    throw error;
  }
}

const nonBlank = (values: string[]): string[] => values.map((value) => value.normalize('NFC').replace(/\s+/gu, ' ').trim()).filter((value) => value !== '');

/**
 * Finds a customer's institution in whichever shape the mapping configures (parent entry,
 * name attribute, DN reference). Institution entries are read once per DN and remembered for a
 * few minutes; a resolver made for one listing of the directory therefore reads each once.
 */
export class InstitutionResolver {
  private readonly shape: InstitutionShape;
  private readonly known = new Map<string, { outcome: Promise<InstitutionOutcome>; until: number }>();

  constructor(
    private readonly mapping: DirectoryMapping,
    private readonly readEntry: ReadEntry,
    private readonly now: () => number = Date.now,
  ) {
    this.shape = institutionShapeOf(mapping);
  }

  /** The institution for search results and look-ups, where an unusable one is shown as none. */
  async of(record: DirectoryRecord): Promise<Institution | null> {
    const outcome = await this.resolve(record);
    return outcome.ok ? outcome.institution : null;
  }

  /** The institution a customer's entry names, or the reason it cannot be used. */
  resolve(record: DirectoryRecord): Promise<InstitutionOutcome> {
    switch (this.shape.kind) {
      case 'parent':
        return this.parentOf(record.dn);
      case 'attribute':
        return Promise.resolve(this.named(record, this.shape.attribute));
      case 'reference':
        return this.referencedBy(record, this.shape.attribute);
    }
  }

  /** Takes an institution entry already read (by a listing) into memory, sparing its read. */
  remember(record: DirectoryRecord): InstitutionOutcome {
    const outcome = this.fromEntry(record.dn, record);
    this.known.set(normaliseDn(record.dn), { outcome: Promise.resolve(outcome), until: this.now() + rememberMs });
    return outcome;
  }

  private parentOf(personDn: string): Promise<InstitutionOutcome> {
    let parent: string | null;
    try {
      parent = parentDn(personDn);
    } catch (error) {
      if (error instanceof DnSyntaxError) return Promise.resolve({ ok: false, problem: `malformed DN: ${personDn}` });
      throw error;
    }
    if (parent === null || !isWithin(parent, this.mapping.customersBase) || normaliseDn(parent) === normaliseDn(this.mapping.customersBase)) {
      return Promise.resolve({ ok: true, institution: null });
    }
    return this.entryAt(parent);
  }

  private named(record: DirectoryRecord, attribute: string): InstitutionOutcome {
    const names = nonBlank(record.text(attribute));
    const [name] = names;
    if (name === undefined) return { ok: true, institution: null };
    if (new Set(names.map(institutionNameKey)).size > 1) return { ok: false, problem: `${attribute} names more than one institution` };
    const parsed = institutionSchema.safeParse({ id: institutionIdFromName(name), name });
    return parsed.success ? { ok: true, institution: parsed.data } : { ok: false, problem: `${attribute}: not a usable institution name` };
  }

  private referencedBy(record: DirectoryRecord, attribute: string): Promise<InstitutionOutcome> {
    const references = nonBlank(record.text(attribute));
    const [reference] = references;
    if (reference === undefined) return Promise.resolve({ ok: true, institution: null });
    let keys: Set<string>;
    try {
      keys = new Set(references.map(normaliseDn));
    } catch (error) {
      if (error instanceof DnSyntaxError) return Promise.resolve({ ok: false, problem: `${attribute} holds a malformed DN` });
      throw error;
    }
    // A customer sees every ticket of their institution: two candidates must not be guessed between.
    if (keys.size > 1) return Promise.resolve({ ok: false, problem: `${attribute} names more than one institution` });
    return this.entryAt(reference);
  }

  private entryAt(dn: string): Promise<InstitutionOutcome> {
    const key = normaliseDn(dn);
    const cached = this.known.get(key);
    if (cached && cached.until > this.now()) return cached.outcome;
    const outcome = this.readEntry(dn, institutionAttributes(this.mapping)).then((record) =>
      record ? this.fromEntry(dn, record) : { ok: false as const, problem: `the institution entry ${shownDn(dn)} does not exist or cannot be read` },
    );
    this.known.set(key, { outcome, until: this.now() + rememberMs });
    // A directory that failed to answer is asked again next time.
    outcome.catch(() => {
      if (this.known.get(key)?.outcome === outcome) this.known.delete(key);
    });
    return outcome;
  }

  private fromEntry(dn: string, record: DirectoryRecord): InstitutionOutcome {
    const result = institutionFrom(record, this.mapping);
    return result.ok ? result : { ok: false, problem: `the institution entry ${shownDn(dn)} is not usable (${result.problem})` };
  }
}
