import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { agentGroupNames, buildDemoDirectory, demoId, demoInstitutionsSpec, demoPeopleSpec } from '../../../../src-shared/node/demo-directory.js';
import { generateBank } from '../../../../src-shared/node/bank/bank.js';
import { bankDirectoryLdif, buildBankDirectory } from '../../../../src-shared/node/bank/directory-ldif.js';
import { parseLdif } from '../../../../src-shared/node/directory/ldif-parse.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const bank = generateBank({ seed: 'test' });

describe('generateBank', () => {
  it('gives the same bank and the same LDIF for the same seed, another for another seed', () => {
    const again = generateBank({ seed: 'test' });
    expect(sha256(bankDirectoryLdif(again))).toBe(sha256(bankDirectoryLdif(bank)));
    expect(JSON.stringify(again)).toBe(JSON.stringify(bank));
    expect(sha256(bankDirectoryLdif(generateBank({ seed: 'other' })))).not.toBe(sha256(bankDirectoryLdif(bank)));
  });

  it('has as many institutions, customers and agents as asked, the demo ones included', () => {
    expect(bank.institutions).toHaveLength(40);
    expect(bank.customers).toHaveLength(300);
    expect(bank.agents).toHaveLength(40);
    const small = generateBank({ seed: 1, institutions: 12, customers: 50, agents: 20 });
    expect([small.institutions.length, small.customers.length, small.agents.length]).toEqual([12, 50, 20]);
  });

  it('keeps every demo person, institution and customer with its demo id', () => {
    const demo = buildDemoDirectory();
    for (const person of Object.values(demo.people).filter((p) => p.groups.some((group) => group !== 'staff'))) {
      expect(bank.agents.find((agent) => agent.key === person.key)).toMatchObject({ id: person.id, uid: person.username, mail: person.email });
    }
    for (const key of Object.keys(demoInstitutionsSpec)) expect(bank.institutions.find((i) => i.key === key)?.id).toBe(demoId(`institution:${key}`));
    for (const customer of demo.customers) expect(bank.customers.find((c) => c.key === customer.key)?.id).toBe(customer.id);
    expect(Object.keys(demoPeopleSpec)).toContain('mmueller');
  });

  it('gives unique names, ids, user names and mail addresses', () => {
    const unique = (values: unknown[]): void => expect(new Set(values).size).toBe(values.length);
    unique(bank.institutions.map((institution) => institution.name.toLowerCase()));
    unique([...bank.institutions, ...bank.customers, ...bank.agents].map((entry) => entry.id));
    unique([...bank.customers, ...bank.agents].map((person) => person.uid));
    unique([...bank.customers, ...bank.agents].map((person) => person.mail));
    unique([...bank.customers, ...bank.agents].map((person) => person.key));
  });

  it('names institutions as real client institutions are named: umlauts, ampersands, legal forms', () => {
    const names = generateBank({ seed: 'names', institutions: 200 }).institutions.map((institution) => institution.name);
    expect(names.some((name) => /[äöüÄÖÜß]/u.test(name))).toBe(true);
    expect(names.some((name) => name.includes(' & '))).toBe(true);
    expect(names.some((name) => name.endsWith('GmbH & Co. KG'))).toBe(true);
    expect(names.some((name) => name.endsWith(' eG'))).toBe(true);
    expect(names.some((name) => name.includes('(Luxembourg) S.A.'))).toBe(true);
    expect(names.some((name) => name.endsWith(' AG'))).toBe(true);
  });

  it('spreads agents over every agent group, with team leads in a department and contractors only in theirs', () => {
    for (const group of agentGroupNames) expect(bank.agents.filter((agent) => agent.groups.includes(group)).length).toBeGreaterThan(0);
    const contractors = bank.agents.filter((agent) => agent.contractor);
    expect(contractors.length).toBeGreaterThanOrEqual(3);
    for (const contractor of contractors) expect(contractor.groups).toEqual(['kontor-contractors']);
    const leads = bank.agents.filter((agent) => agent.teamLead && !agent.demo);
    expect(leads.length).toBeGreaterThanOrEqual(3);
    for (const lead of leads) expect(lead.groups.filter((group) => group !== 'kontor-teamleads' && group !== 'staff')).toHaveLength(1);
  });
});

describe('bankDirectoryLdif', () => {
  it('parses with the directory\'s LDIF reader and holds every generated person with its id', () => {
    const entries = parseLdif(bankDirectoryLdif(bank));
    const byId = new Map(entries.map((entry) => [entry.attributes.get('entryuuid')?.[0]?.toString('utf8'), entry]));
    expect(byId.size).toBe(entries.length);
    for (const person of [...bank.agents, ...bank.customers]) {
      const entry = byId.get(person.id);
      expect(entry?.attributes.get('uid')?.[0]?.toString('utf8')).toBe(person.uid);
      expect(entry?.attributes.get('displayname')?.[0]?.toString('utf8')).toBe(person.displayName);
    }
    for (const institution of bank.institutions) expect(byId.get(institution.id)?.attributes.get('o')?.[0]?.toString('utf8')).toBe(institution.name);
  });

  it('puts generated agents into their groups and customers under their institution', () => {
    const directory = buildBankDirectory(bank, { baseDn: 'dc=test,dc=example' });
    const agent = bank.agents.find((candidate) => !candidate.demo && candidate.teamLead);
    const entry = directory.extraPeople.find((person) => person.key === agent?.key);
    expect(entry?.dn).toMatch(/,ou=people,dc=test,dc=example$/u);
    expect(directory.groups['kontor-teamleads'].members).toContain(entry?.dn);
    const customer = bank.customers.find((candidate) => !candidate.demo);
    const institution = bank.institutions.find((candidate) => candidate.key === customer?.institutionKey);
    expect(directory.customers.find((c) => c.id === customer?.id)?.institution.name).toBe(institution?.name);
  });
});
