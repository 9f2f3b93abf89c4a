import { FilterParser } from 'ldapts';
import { isPeopleDn } from './bases.js';
import type { DirectoryMapping } from './config.js';
import { isWithin, normalisedDnOrNull } from './dn.js';
import type { EntrySource } from './entry-source.js';
import { groupsNamedFilter, peopleNamedFilter } from './filters.js';
import { checkText, dnMaxLength } from './input.js';
import { type DirectoryRecord, personAttributes, toGroup, toPerson } from './records.js';
import type { DirectoryGroup, GroupMember } from './types.js';

/** Values per OR filter: small enough for any server's filter limits, few enough round trips for big groups. */
const valuesPerSearch = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

const byGroupName = (a: DirectoryGroup, b: DirectoryGroup): number => a.name.localeCompare(b.name) || (a.dn < b.dn ? -1 : a.dn > b.dn ? 1 : 0);

/** The groups below groupsBase named by cn or DN, each with the DNs of its members. */
async function namedGroups(source: EntrySource, mapping: DirectoryMapping, groupNames: readonly string[]): Promise<Map<string, { group: DirectoryGroup; members: string[] }>> {
  const attributes = ['cn', mapping.memberAttribute];
  const records: DirectoryRecord[] = [];
  // Every text is tried as a cn (a cn may hold "="), and those that read as a DN also as one.
  for (const names of chunks(groupNames, valuesPerSearch)) records.push(...(await source.searchAll(mapping.groupsBase, groupsNamedFilter(mapping, names), attributes)));
  const groupFilter = FilterParser.parseString(mapping.groupFilter);
  for (const name of groupNames) {
    if (!name.includes('=') || normalisedDnOrNull(name) === null || !isWithin(name, mapping.groupsBase)) continue;
    const record = await source.findAt(name, groupFilter, attributes);
    if (record) records.push(record);
  }
  const groups = new Map<string, { group: DirectoryGroup; members: string[] }>();
  for (const record of records) {
    const group = toGroup(record);
    const key = normalisedDnOrNull(record.dn);
    if (group && key !== null) groups.set(key, { group, members: record.text(mapping.memberAttribute) });
  }
  return groups;
}

/**
 * The people under peopleBase in any of the named groups, each with those of their groups:
 * member DNs outside peopleBase (customers, nested groups, service accounts) are never read.
 */
export async function listMembers(source: EntrySource, mapping: DirectoryMapping, groupNames: readonly string[]): Promise<GroupMember[]> {
  for (const name of groupNames) checkText('group name', name, dnMaxLength);
  const wanted = [...new Set(groupNames.map((name) => name.trim()).filter((name) => name !== ''))];
  if (wanted.length === 0) return [];
  const groupsOfMember = new Map<string, { dn: string; groups: Map<string, DirectoryGroup> }>();
  for (const [groupKey, { group, members }] of await namedGroups(source, mapping, wanted)) {
    for (const member of members) {
      const key = normalisedDnOrNull(member);
      if (key === null || !isPeopleDn(mapping, member)) continue;
      const entry = groupsOfMember.get(key) ?? { dn: member, groups: new Map<string, DirectoryGroup>() };
      entry.groups.set(groupKey, group);
      groupsOfMember.set(key, entry);
    }
  }
  const found = new Map<string, GroupMember>();
  for (const batch of chunks([...groupsOfMember.values()], valuesPerSearch)) {
    const records = await source.searchAll(mapping.peopleBase, peopleNamedFilter(mapping, batch.map((member) => member.dn)), personAttributes(mapping));
    for (const record of records) {
      const key = normalisedDnOrNull(record.dn);
      const member = key === null ? undefined : groupsOfMember.get(key);
      if (key === null || !member || found.has(key) || !isPeopleDn(mapping, record.dn)) continue;
      const person = toPerson(record, mapping, null);
      if (person.ok) found.set(key, { person: person.person, groups: [...member.groups.values()].sort(byGroupName) });
    }
  }
  return [...found.values()].sort((a, b) => (a.person.id < b.person.id ? -1 : a.person.id > b.person.id ? 1 : 0));
}
