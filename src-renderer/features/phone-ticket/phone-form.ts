import type { DraftFields } from '../../../src-shared/ipc/drafts.js';
import type { QueueChoice } from '../../../src-shared/ipc/workspace.js';
import { limits } from '../../../src-shared/limits.js';
import type { Right } from '../../../src-shared/permissions.js';
import { ticketTypes, type TicketType } from '../../../src-shared/sync/entities.js';

/** The caller as the form keeps it: enough to show them again after a reload without asking the cache. */
export interface PickedCaller {
  id: string;
  displayName: string;
  username: string;
  email: string | null;
  phone: string | null;
  institution: { id: string; name: string } | null;
}

/** Who called: nobody chosen yet, a customer user, or explicitly nobody (an internal ticket). */
export type CallerChoice = { kind: 'none' } | { kind: 'caller'; caller: PickedCaller } | { kind: 'internal' };

export type Visibility = 'internal' | 'customer-visible';

export interface PhoneForm {
  caller: CallerChoice;
  title: string;
  queueId: string | null;
  priority: number;
  type: TicketType;
  notes: string;
  visibility: Visibility;
}

export const emptyPhoneForm: PhoneForm = {
  caller: { kind: 'none' },
  title: '',
  queueId: null,
  priority: 3,
  type: 'incident',
  notes: '',
  visibility: 'internal',
};

export const phoneDraftKey = 'phone-ticket:new';

/** The form as a draft: flat fields, as `drafts.save` keeps them. */
export function toDraft(form: PhoneForm): DraftFields {
  const caller = form.caller.kind === 'caller' ? form.caller.caller : null;
  return {
    callerKind: form.caller.kind,
    callerId: caller?.id ?? null,
    callerName: caller?.displayName ?? null,
    callerUsername: caller?.username ?? null,
    callerEmail: caller?.email ?? null,
    callerPhone: caller?.phone ?? null,
    institutionId: caller?.institution?.id ?? null,
    institutionName: caller?.institution?.name ?? null,
    title: form.title,
    queueId: form.queueId,
    priority: form.priority,
    type: form.type,
    notes: form.notes,
    visibility: form.visibility,
  };
}

const text = (value: DraftFields[string] | undefined): string | null => (typeof value === 'string' ? value : null);

/** A restored draft back into the form; fields an older form did not keep take their defaults, a damaged draft is null. */
export function fromDraft(fields: DraftFields): PhoneForm | null {
  const kind = fields['callerKind'];
  let caller: CallerChoice = { kind: 'none' };
  if (kind === 'internal') caller = { kind: 'internal' };
  else if (kind === 'caller') {
    const id = text(fields['callerId']);
    const displayName = text(fields['callerName']);
    if (id === null || displayName === null) return null;
    const institutionId = text(fields['institutionId']);
    caller = {
      kind: 'caller',
      caller: {
        id,
        displayName,
        username: text(fields['callerUsername']) ?? '',
        email: text(fields['callerEmail']),
        phone: text(fields['callerPhone']),
        institution: institutionId === null ? null : { id: institutionId, name: text(fields['institutionName']) ?? institutionId },
      },
    };
  }
  const priority = fields['priority'];
  const type = text(fields['type']);
  const visibility = fields['visibility'];
  return {
    caller,
    title: text(fields['title']) ?? '',
    queueId: text(fields['queueId']),
    priority: typeof priority === 'number' && Number.isInteger(priority) && priority >= 1 && priority <= 5 ? priority : 3,
    type: type !== null && (ticketTypes as readonly string[]).includes(type) ? (type as TicketType) : 'incident',
    notes: text(fields['notes']) ?? '',
    visibility: visibility === 'customer-visible' ? 'customer-visible' : 'internal',
  };
}

/** Queues where the agent may open a ticket: `create` (or `rw`) on the queue's group, by name. */
export function creatableQueues(queues: readonly QueueChoice[], locale: string): QueueChoice[] {
  return queues
    .filter((queue) => queue.rights.includes('create') || queue.rights.includes('rw'))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** Whether the rights held on a ticket's queue allow adding an article of this visibility (internal: `note`, for the customer: `rw`). */
export function mayAddArticle(rights: readonly Right[] | undefined, visibility: Visibility): boolean {
  if (rights === undefined) return false;
  return rights.includes('rw') || (visibility === 'internal' && rights.includes('note'));
}

export type FieldProblem =
  | { field: 'caller'; problem: 'missing' }
  | { field: 'title'; problem: 'missing' }
  | { field: 'title'; problem: 'too-long'; length: number }
  | { field: 'queue'; problem: 'missing' }
  | { field: 'notes'; problem: 'missing' }
  | { field: 'notes'; problem: 'too-long'; length: number };

export type FieldName = FieldProblem['field'];

/**
 * What is wrong with the form. Limits hold while typing (`typing`); what is missing counts only
 * once the agent tried to save, so an empty new form is not red all over.
 */
export function formProblems(form: PhoneForm, queueIds: ReadonlySet<string>, when: 'typing' | 'saving'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const saving = when === 'saving';
  if (saving && form.caller.kind === 'none') problems.push({ field: 'caller', problem: 'missing' });
  const title = form.title.trim();
  if (title.length > limits.ticketTitleMaxLength) problems.push({ field: 'title', problem: 'too-long', length: title.length });
  else if (saving && title === '') problems.push({ field: 'title', problem: 'missing' });
  if (saving && (form.queueId === null || !queueIds.has(form.queueId))) problems.push({ field: 'queue', problem: 'missing' });
  if (form.notes.length > limits.articleBodyMaxLength) problems.push({ field: 'notes', problem: 'too-long', length: form.notes.length });
  else if (saving && form.notes.trim() === '') problems.push({ field: 'notes', problem: 'missing' });
  return problems;
}

