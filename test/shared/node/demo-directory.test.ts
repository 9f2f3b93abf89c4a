import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDemoDirectory, demoId, generateDemoLdif } from '../../../src-shared/node/demo-directory.js';

describe('demo directory generator', () => {
  it('matches the committed resources/demo/directory.ldif (run npx tsx scripts/generate-directory.ts after changing it)', () => {
    const committed = readFileSync(new URL('../../../resources/demo/directory.ldif', import.meta.url), 'utf8');
    expect(committed).toBe(generateDemoLdif());
  });

  it('keeps ids independent of the base DN, so directory and database seed agree', () => {
    const a = buildDemoDirectory('dc=kontor,dc=example');
    const b = buildDemoDirectory('dc=test,dc=example');
    expect(b.people.mmueller.id).toBe(a.people.mmueller.id);
    expect(b.people.mmueller.dn).not.toBe(a.people.mmueller.dn);
    expect(a.people.mmueller.id).toBe(demoId('person:mmueller'));
  });

  it('gives every entry a distinct entryUUID', () => {
    const { entries } = buildDemoDirectory();
    const ids = entries.map((entry) => entry.attributes.find(([name]) => name === 'entryUUID')?.[1][0]);
    expect(ids.every((id) => typeof id === 'string' && /^[0-9a-f-]{36}$/u.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(entries.length);
  });

  it('escapes DN values: the comma in "Meier, Hans" and in "Initech, S.A."', () => {
    const directory = buildDemoDirectory();
    expect(directory.people.hmeier.dn).toBe('cn=Meier\\, Hans,ou=people,dc=kontor,dc=example');
    expect(directory.institutions.initech.dn).toBe('o=Initech\\, S.A.,ou=institutions,dc=kontor,dc=example');
  });

  it('writes non-ASCII values base64-encoded, as LDIF requires', () => {
    const ldif = generateDemoLdif();
    expect(Buffer.from(ldif, 'utf8').length).toBe(ldif.length);
    expect(ldif).toContain(`sn:: ${Buffer.from('Müller').toString('base64')}`);
  });
});
