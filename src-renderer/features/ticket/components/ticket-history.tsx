import { Table } from '@mantine/core';
import { clockNames, type ClockName } from '../../../../src-shared/sla/clocks.js';
import type { HistoryEntry } from '../../../../src-shared/sync/entities.js';
import { emailRecipientsSchema } from '../../../../src-shared/sync/mutations.js';
import { formatMoment } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { isTicketState, personLabel, queueLabel, stateLabel, type People } from '../labels.js';
import { useQueueNames } from '../queries.js';

const isClock = (value: unknown): value is ClockName => typeof value === 'string' && (clockNames as readonly string[]).includes(value);
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '–');

/** The addresses an e-mail went to, as the server recorded them with its article; nothing when it kept none. */
function recipients(t: Translate, value: unknown): string {
  const parsed = emailRecipientsSchema.safeParse(value);
  return parsed.success ? t('history.recipients', parsed.data.to.join(', '), parsed.data.cc.join(', ')) : '';
}

/** Who did it: a person of the directory, or for a mail from an unknown sender the address it came from (not authenticated). */
function actorLabel(t: Translate, entry: HistoryEntry, people: People): string {
  const from = entry.data['from'];
  if (entry.data['actorKind'] === 'unknown-sender' && typeof from === 'string') return t('history.unknown-sender', from);
  return personLabel(t, entry.actorId, people, t('history.system'));
}

/** What happened, in words; history data is the server's, so every field is checked before use. */
function describe(t: Translate, entry: HistoryEntry, queueNames: ReadonlyMap<string, string>): string {
  const { data } = entry;
  const state = (value: unknown): string => (isTicketState(value) ? stateLabel(t, value) : text(value));
  const queue = (value: unknown): string => (typeof value === 'string' ? queueLabel(t, value, queueNames) : '–');
  const clock = (value: unknown): string => (isClock(value) ? t(`sla.${value}`) : text(value));
  switch (entry.event) {
    case 'created':
    case 'article-added':
      return `${t(`history.event.${entry.event}`)}${recipients(t, data['recipients'])}`;
    case 'sla-changed':
    case 'owner-changed':
    case 'responsible-changed':
    case 'locked':
    case 'unlocked':
    case 'merged':
    case 'merged-from':
    case 'linked':
      return t(`history.event.${entry.event}`);
    case 'state-changed':
      return t('history.event.state-changed', state(data['from']), state(data['to']));
    case 'moved':
      return t('history.event.moved', queue(data['fromQueueId']), queue(data['toQueueId']));
    case 'priority-changed':
      return t('history.event.priority-changed', text(data['from']), text(data['to']));
    case 'time-accounted':
      return t('history.event.time-accounted', typeof data['minutes'] === 'number' ? data['minutes'] : 0);
    case 'sla-warning':
      return t('history.event.sla-warning', clock(data['clock']));
    case 'sla-breached':
      return t('history.event.sla-breached', clock(data['clock']));
    default:
      return t('history.event.other', entry.event);
  }
}

/** Every change of the ticket, who and when, oldest first: never rewritten. */
export function TicketHistory({ history, people, now }: { history: readonly HistoryEntry[]; people: People; now: Date }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const queueNames = useQueueNames();
  if (history.length === 0) return <p className="ticket-empty">{t('history.none')}</p>;
  const ordered = [...history].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || Number(a.id) - Number(b.id));
  return (
    <Table className="ticket-history" aria-label={t('history.table')} striped={false} withRowBorders>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('history.when')}</Table.Th>
          <Table.Th scope="col">{t('history.who')}</Table.Th>
          <Table.Th scope="col">{t('history.what')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {ordered.map((entry) => (
          <Table.Tr key={entry.id} data-event={entry.event}>
            <Table.Td>
              <time dateTime={entry.occurredAt}>{formatMoment(language, new Date(entry.occurredAt), now)}</time>
            </Table.Td>
            <Table.Td>{actorLabel(t, entry, people)}</Table.Td>
            <Table.Td>{describe(t, entry, queueNames)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
