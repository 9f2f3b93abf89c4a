import { z } from 'zod';
import { slaTargetsSchema } from '../../src-shared/sync/entities.js';

/** Separates the levels of a nested queue name, as in OTRS: `Wertpapiere::Abwicklung`. */
export const queueNameSeparator = '::';
const queueNameMaxLength = 200;

/** A level of a queue name: visible text without surrounding blanks, no control characters, no colon pair. */
function levelProblem(level: string): string | null {
  if (level === '') return 'has an empty level (names look like "Wertpapiere::Abwicklung")';
  if (level.trim() !== level) return `level "${level}" starts or ends with a blank`;
  if (/\p{Cc}/u.test(level)) return 'contains a control character';
  if (level.includes(':')) return `level "${level}" contains a single ":" (levels are separated by "::")`;
  return null;
}

export const queueNameSchema = z
  .string()
  .min(1)
  .max(queueNameMaxLength)
  .superRefine((name, ctx) => {
    for (const level of name.split(queueNameSeparator)) {
      const problem = levelProblem(level);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return;
      }
    }
  });

export const queueConfigSchema = z.strictObject({
  name: queueNameSchema,
  /** The permission group (a key of the roles' `grants`) whose rights decide who sees its tickets. */
  group: z.string().min(1).max(100),
  /** The name of an SLA in `slas`; or its targets inline, on the 24/7 calendar (an SLA named like the queue). */
  sla: z.union([z.string().min(1), slaTargetsSchema.strict()]),
  /** false retires the queue: its tickets stay, no new ticket may be created in or moved into it. */
  valid: z.boolean().default(true),
});
export type QueueConfig = z.output<typeof queueConfigSchema>;

/** The queue `A::B` sits in; null for a top-level queue. */
export function parentQueueName(name: string): string | null {
  const at = name.lastIndexOf(queueNameSeparator);
  return at < 0 ? null : name.slice(0, at);
}

/** Problems of the list as a whole: duplicate names and nested queues whose parent is not listed. */
export function queueListProblems(queues: readonly QueueConfig[]): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const names = new Set(queues.map((queue) => queue.name));
  const seen = new Set<string>();
  queues.forEach((queue, index) => {
    if (seen.has(queue.name)) problems.push({ path: [index, 'name'], message: `duplicate queue name "${queue.name}"` });
    seen.add(queue.name);
    const parent = parentQueueName(queue.name);
    if (parent !== null && !names.has(parent)) {
      problems.push({ path: [index, 'name'], message: `parent queue "${parent}" of "${queue.name}" is not in the list` });
    }
  });
  return problems;
}

/** Queue groups in which no role grants anything: nobody could see their tickets. */
export function ungrantedQueueGroups(queues: readonly QueueConfig[], roles: readonly { grants: Record<string, readonly string[]> }[]): string[] {
  const granted = new Set(roles.flatMap((role) => Object.entries(role.grants).flatMap(([group, rights]) => (rights.length > 0 ? [group] : []))));
  return [...new Set(queues.map((queue) => queue.group))].filter((group) => !granted.has(group));
}
