import type Database from 'better-sqlite3';
import type { CustomerUser, Institution } from '../../src-shared/domain/people.js';
import { foldForIndex, queryWords } from '../../src-shared/search/german-folding.js';

interface CallerRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  institution_id: string | null;
  institution_name: string | null;
}

interface Entry {
  caller: CustomerUser;
  /** Folded words, each preceded by a space, so that ` word` finds a word starting with it. */
  text: string;
}

/**
 * Caller search over the cached customer users and their institutions, offline too: names,
 * user names, e-mail addresses, phone numbers (also as digits only) and institution names,
 * folded like the ticket search (`Mueller` finds `Müller`), every typed word a prefix. Built
 * from the cache on first use and again after the feed changed people or institutions.
 */
export class CallerIndex {
  private entries: Entry[] | null = null;
  private institutionEntries: { institution: Institution; text: string }[] | null = null;
  private readonly all: Database.Statement;
  private readonly allInstitutions: Database.Statement;

  constructor(db: Database.Database) {
    this.all = db.prepare(
      `SELECT cu."id", cu."username", cu."display_name", cu."email", cu."phone", cu."institution_id", i."name" AS institution_name
       FROM customer_users cu LEFT JOIN institutions i ON i."id" = cu."institution_id"
       WHERE cu."valid" = 1 ORDER BY cu."display_name", cu."id"`,
    );
    this.allInstitutions = db.prepare('SELECT "id", "name" FROM institutions ORDER BY "name", "id"');
  }

  /** The feed brought customer users or institutions: built again on the next search. */
  invalidate(): void {
    this.entries = null;
    this.institutionEntries = null;
  }

  /** Institutions whose name holds every typed word as a prefix (folded), by name; also those without cached customers. */
  institutions(query: string, limit: number): Institution[] {
    const words = queryWords(query).map((word) => ` ${word}`);
    if (words.length === 0) return [];
    this.institutionEntries ??= (this.allInstitutions.all() as Institution[]).map((institution) => ({ institution, text: ` ${foldForIndex(institution.name)}` }));
    const found: Institution[] = [];
    for (const entry of this.institutionEntries) {
      if (!words.every((word) => entry.text.includes(word))) continue;
      found.push(entry.institution);
      if (found.length === limit) break;
    }
    return found;
  }

  search(query: string, limit: number): { callers: CustomerUser[]; truncated: boolean } {
    const words = queryWords(query).map((word) => ` ${word}`);
    if (words.length === 0) return { callers: [], truncated: false };
    const callers: CustomerUser[] = [];
    for (const entry of this.load()) {
      if (!words.every((word) => entry.text.includes(word))) continue;
      if (callers.length === limit) return { callers, truncated: true };
      callers.push(entry.caller);
    }
    return { callers, truncated: false };
  }

  private load(): Entry[] {
    this.entries ??= (this.all.all() as CallerRow[]).map((row) => {
      const institution = row.institution_id !== null && row.institution_name !== null ? { id: row.institution_id, name: row.institution_name } : null;
      const phoneDigits = row.phone?.replace(/\D/gu, '') ?? '';
      const text = foldForIndex([row.display_name, row.username, row.email ?? '', row.phone ?? '', phoneDigits, institution?.name ?? ''].join(' '));
      return {
        caller: { id: row.id, username: row.username, displayName: row.display_name, email: row.email, phone: row.phone, institution },
        text: ` ${text}`,
      };
    });
    return this.entries;
  }
}
