import { hasRight, rights, type Permissions, type Right } from '../../permissions.js';
import type { SlaTargets } from '../../sync/entities.js';
import type { AgentGroupName, DemoGroupName } from '../demo-directory-spec.js';
import { nameBasedUuid } from '../name-based-id.js';

/**
 * The bank's service organisation as data: its queues, the permission group each belongs to,
 * and what each directory group may do in each permission group. Server roles config and the
 * generated tickets are both derived from this one description.
 */

/** Permission groups of queues (the keys of a role's `grants` in the server config). */
export const queueGroups = ['serviceline', 'settlement', 'custody', 'tax', 'itops', 'complaints', 'helpdesk'] as const;
export type QueueGroup = (typeof queueGroups)[number];

export const queueNames = [
  'ServiceLine',
  'Wertpapiere',
  'Wertpapiere::Abwicklung',
  'Wertpapiere::Verwahrung',
  'Steuern',
  'IT-Betrieb',
  'Beschwerden',
  'Interner Helpdesk',
] as const;
export type QueueName = (typeof queueNames)[number];

export interface BankQueue {
  id: string;
  name: QueueName;
  group: QueueGroup;
  sla: SlaTargets;
}

const sla = (firstResponseMinutes: number, updateMinutes: number, solutionMinutes: number, warningPercent = 80): SlaTargets => ({
  firstResponseMinutes,
  updateMinutes,
  solutionMinutes,
  warningPercent,
});

/** The id Kontor Server gives a queue of this name (src-server/config/apply-config.ts: the same formula). */
export function queueId(name: string): string {
  return nameBasedUuid(`kontor-queue:${name}`);
}

// Targets in working minutes, set so that about one ticket in ten misses one (the generator's
// answer and solution times, measured on a seeded year): a bank's SLA report shows breaches, not a sea of red.
const queueDefinitions: readonly Omit<BankQueue, 'id'>[] = [
  { name: 'ServiceLine', group: 'serviceline', sla: sla(240, 480, 4320) },
  // The parent of the two securities queues; tickets live in its children.
  { name: 'Wertpapiere', group: 'settlement', sla: sla(240, 480, 4320) },
  { name: 'Wertpapiere::Abwicklung', group: 'settlement', sla: sla(30, 240, 4320, 75) },
  { name: 'Wertpapiere::Verwahrung', group: 'custody', sla: sla(120, 480, 4320) },
  { name: 'Steuern', group: 'tax', sla: sla(240, 1440, 7200) },
  { name: 'IT-Betrieb', group: 'itops', sla: sla(600, 1440, 14400, 70) },
  { name: 'Beschwerden', group: 'complaints', sla: sla(480, 1440, 14400) },
  { name: 'Interner Helpdesk', group: 'helpdesk', sla: sla(240, 960, 4320) },
];

export const bankQueues: readonly BankQueue[] = queueDefinitions.map((queue) => ({ ...queue, id: queueId(queue.name) }));

/** The `queues` section of a server config: every queue with its group and SLA targets inline. */
export function bankQueueConfig(): { name: QueueName; group: QueueGroup; sla: SlaTargets; valid: boolean }[] {
  return bankQueues.map(({ name, group, sla: targets }) => ({ name, group, sla: { ...targets }, valid: true }));
}

export function bankQueue(name: QueueName): BankQueue {
  const queue = bankQueues.find((candidate) => candidate.name === name);
  if (!queue) throw new Error(`no queue ${name}`);
  return queue;
}

const triage: Right[] = ['ro', 'create', 'move_into', 'note'];
const handBack: Right[] = ['ro', 'move_into'];
const watch: Right[] = ['ro', 'move_into', 'note', 'owner', 'priority'];

/**
 * What each directory group may do per permission group. First level creates and routes
 * everywhere; second level works its own group, hands tickets back to ServiceLine and on to
 * the neighbouring securities groups; everyone inside the bank may open an internal helpdesk
 * ticket; team leads watch all and own complaints; contractors see only what they work.
 */
export const groupGrants: Record<AgentGroupName, Partial<Record<QueueGroup, readonly Right[]>>> = {
  'kontor-serviceline': { serviceline: ['rw'], settlement: triage, custody: triage, tax: triage, itops: triage, complaints: triage, helpdesk: triage },
  'kontor-settlement': { settlement: ['rw'], serviceline: handBack, custody: ['move_into'], tax: ['move_into'], helpdesk: ['create'] },
  'kontor-custody': { custody: ['rw'], serviceline: handBack, settlement: ['move_into'], tax: ['move_into'], helpdesk: ['create'] },
  'kontor-tax': { tax: ['rw'], serviceline: handBack, settlement: ['move_into'], custody: ['move_into'], helpdesk: ['create'] },
  'kontor-itops': { itops: ['rw'], serviceline: handBack, helpdesk: ['ro', 'create', 'move_into', 'note'] },
  'kontor-helpdesk': { helpdesk: ['rw'], serviceline: handBack, itops: triage },
  'kontor-teamleads': {
    serviceline: watch, settlement: watch, custody: watch, tax: watch, itops: watch, helpdesk: watch, complaints: ['rw'],
  },
  'kontor-contractors': { settlement: ['rw'], itops: ['rw'] },
};

/** Server role names per directory group, as in the embedded server config. */
export const roleNames: Record<AgentGroupName, string> = {
  'kontor-serviceline': 'serviceline',
  'kontor-settlement': 'settlement',
  'kontor-custody': 'custody',
  'kontor-tax': 'tax',
  'kontor-itops': 'itops',
  'kontor-helpdesk': 'helpdesk',
  'kontor-teamleads': 'teamlead',
  'kontor-contractors': 'contractor',
};

/** The `roles` section of a server config that grants exactly `groupGrants`. */
export function bankRoles(): { name: string; ldapGroups: string[]; grants: Record<string, Right[]> }[] {
  return (Object.entries(groupGrants) as [AgentGroupName, Partial<Record<QueueGroup, readonly Right[]>>][]).map(([group, grants]) => ({
    name: roleNames[group],
    ldapGroups: [group],
    grants: Object.fromEntries(Object.entries(grants).map(([queueGroup, held]) => [queueGroup, [...held]])),
  }));
}

/** The union of the grants of a person's groups, rights in canonical order, as the server computes it. */
export function permissionsOf(groups: readonly DemoGroupName[]): Permissions {
  const held = new Map<string, Set<Right>>();
  for (const group of groups) {
    if (group === 'staff') continue;
    for (const [queueGroup, granted] of Object.entries(groupGrants[group])) {
      const set = held.get(queueGroup) ?? new Set<Right>();
      granted.forEach((right) => set.add(right));
      held.set(queueGroup, set);
    }
  }
  const permissions: Permissions = {};
  for (const [queueGroup, set] of held) permissions[queueGroup] = rights.filter((right) => set.has(right));
  return permissions;
}

/** Whether the server lets an agent do what needs `right` to a ticket of `group`: they must see the ticket, too. */
export function mayAct(permissions: Permissions, group: QueueGroup, right: Right): boolean {
  return hasRight(permissions, group, 'ro') && hasRight(permissions, group, right);
}

/** Creating a ticket in a group and moving one into it need only the right itself. */
export function mayEnter(permissions: Permissions, group: QueueGroup, right: 'create' | 'move_into'): boolean {
  return hasRight(permissions, group, right);
}
