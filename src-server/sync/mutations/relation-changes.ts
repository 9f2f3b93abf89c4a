import type { Link } from '../../../src-shared/sync/entities.js';
import { ticketPartChange } from '../../domain/changes.js';
import type { TicketRecord } from '../../domain/ticket-record.js';
import type { NewChange } from '../change-log.js';

/**
 * The change rows of a new link (also the `merged` link of a merge): one with the source
 * ticket in its group and, in another group, one with the target, so that a purge of either
 * ticket takes its copy along. The feed sends a link row only to agents who may read both
 * tickets at the time it is read (docs/decisions/reading-rights.md).
 */
export function linkChanges(link: Link, source: TicketRecord, target: TicketRecord): NewChange[] {
  const changes = [ticketPartChange('link', link.id, link.sourceTicketId, source.group, link)];
  if (target.group !== source.group) changes.push(ticketPartChange('link', link.id, link.targetTicketId, target.group, link));
  return changes;
}
