import { demoId } from '../demo-directory.js';
import { type AgentGroupName, type DemoGroupName, type DemoPersonSpec, demoPeopleSpec } from '../demo-directory-spec.js';
import type { BankAgent } from './bank-types.js';
import { unique } from './customers.js';
import { asciiName, givenNames, originMix, surnames } from './names.js';
import type { Random } from './random.js';
import { permissionsOf } from './service-organisation.js';

type Department = Exclude<AgentGroupName, 'kontor-teamleads' | 'kontor-contractors'>;

/** What a generated agent does: a department, a team lead of one, or an external contractor. */
type Post = { kind: 'department'; department: Department } | { kind: 'teamlead'; department: Department } | { kind: 'contractor' };

/** Shares of the generated agents; team leads come one per department, in this order. */
const postShares: readonly (readonly [Post, number])[] = [
  [{ kind: 'department', department: 'kontor-serviceline' }, 22],
  [{ kind: 'department', department: 'kontor-settlement' }, 18],
  [{ kind: 'department', department: 'kontor-custody' }, 14],
  [{ kind: 'teamlead', department: 'kontor-settlement' }, 3],
  [{ kind: 'contractor' }, 12],
  [{ kind: 'department', department: 'kontor-itops' }, 8],
  [{ kind: 'department', department: 'kontor-tax' }, 7],
  [{ kind: 'department', department: 'kontor-helpdesk' }, 7],
  [{ kind: 'teamlead', department: 'kontor-custody' }, 3],
  [{ kind: 'teamlead', department: 'kontor-itops' }, 2],
  [{ kind: 'teamlead', department: 'kontor-tax' }, 2],
  [{ kind: 'teamlead', department: 'kontor-helpdesk' }, 2],
];

/** `count` posts in the shares above (largest remainder), the most needed first when there are few. */
function posts(count: number): Post[] {
  const total = postShares.reduce((sum, [, share]) => sum + share, 0);
  const exact = postShares.map(([post, share]) => ({ post, exact: (share * count) / total }));
  const counts = exact.map((entry) => Math.floor(entry.exact));
  let missing = count - counts.reduce((sum, n) => sum + n, 0);
  const byRemainder = exact.map((entry, index) => ({ index, remainder: entry.exact - Math.floor(entry.exact) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (missing <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    missing -= 1;
  }
  return exact.flatMap((entry, index) => Array.from({ length: counts[index] ?? 0 }, () => entry.post));
}

const titles: Record<Department, readonly string[]> = {
  'kontor-serviceline': ['ServiceLine', 'Kundenbetreuung ServiceLine', 'Client Service'],
  'kontor-settlement': ['Wertpapierabwicklung', 'Settlement', 'Sachbearbeitung Wertpapierabwicklung'],
  'kontor-custody': ['Depotverwahrung', 'Custody', 'Kapitalmaßnahmen (Corporate Actions)'],
  'kontor-tax': ['Steuerservice', 'Quellensteuer-Rückforderung', 'Tax Reclaims'],
  'kontor-itops': ['IT-Betrieb', 'SWIFT-Betrieb', 'Systembetreuung Abwicklungssysteme'],
  'kontor-helpdesk': ['Interner Helpdesk', 'IT-Support', 'Arbeitsplatzbetreuung'],
};
const leadTitles: Record<Department, string> = {
  'kontor-serviceline': 'Teamleitung ServiceLine',
  'kontor-settlement': 'Teamleitung Wertpapierabwicklung',
  'kontor-custody': 'Teamleitung Verwahrung',
  'kontor-tax': 'Teamleitung Steuern',
  'kontor-itops': 'Teamleitung IT-Betrieb',
  'kontor-helpdesk': 'Teamleitung Interner Helpdesk',
};
const contractorDomains = ['contractor.example', 'fintech-consult.example', 'abwicklung-partner.example'];

function demoAgents(): BankAgent[] {
  return Object.entries<DemoPersonSpec>(demoPeopleSpec).flatMap(([key, spec]): BankAgent[] => {
    const groups: readonly DemoGroupName[] = spec.groups;
    if (!groups.some((group) => group !== 'staff')) return [];
    const idKey = `person:${spec.uid}`;
    return [{
      key, id: demoId(idKey), idKey, uid: spec.uid, givenName: spec.givenName, sn: spec.sn, displayName: `${spec.givenName} ${spec.sn}`,
      mail: spec.mail, phone: spec.phone, demo: true, title: spec.title, groups, permissions: permissionsOf(groups),
      active: spec.state === undefined, contractor: groups.includes('kontor-contractors'), teamLead: groups.includes('kontor-teamleads'),
    }];
  });
}

/** The demo agents, then generated ones up to `count`: departments, team leads and contractors. */
export function generateAgents(random: Random, count: number, uids: Set<string>): BankAgent[] {
  const agents = demoAgents();
  const mails = new Set(Object.values<DemoPersonSpec>(demoPeopleSpec).map((spec) => spec.mail.slice(0, spec.mail.indexOf('@'))));
  for (const [index, post] of posts(count - agents.length).entries()) {
    const origin = random.weighted(originMix.DE ?? []);
    const givenName = random.pick(givenNames[origin]);
    const sn = random.pick(surnames[origin]);
    const given = asciiName(givenName);
    const family = asciiName(sn);
    const contractor = post.kind === 'contractor';
    // A few settlement people also cover custody: the neighbouring desk when it is busy.
    const groups: DemoGroupName[] = contractor ? ['kontor-contractors']
      : post.kind === 'teamlead' ? [post.department, 'kontor-teamleads', 'staff']
      : post.department === 'kontor-settlement' && random.chance(0.2) ? ['kontor-settlement', 'kontor-custody', 'staff']
      : [post.department, 'staff'];
    const key = `bank:agent:${agents.length}`;
    const uid = unique(contractor ? `extern.${family}` : `${given.slice(0, 1)}${family}`, uids);
    const mailLocal = unique(`${given}.${family}`, mails);
    agents.push({
      key, id: demoId(key), idKey: key, uid, givenName, sn, displayName: `${givenName} ${sn}`,
      mail: `${mailLocal}@${contractor ? random.pick(contractorDomains) : 'kontor-bank.example'}`,
      phone: contractor ? `+49 17${String(random.int(0, 9))} ${random.digits(7)}` : `+49 69 1234-${String(1000 + index)}`,
      demo: false,
      title: contractor ? random.pick(['External consultant', 'Externer Berater Wertpapierabwicklung', 'Freelance SWIFT engineer'])
        : post.kind === 'teamlead' ? leadTitles[post.department] : random.pick(titles[post.department]),
      groups, permissions: permissionsOf(groups), active: true, contractor, teamLead: post.kind === 'teamlead',
    });
  }
  return agents;
}
