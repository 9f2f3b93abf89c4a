import { reject, type Rejection } from './outcome.js';

/**
 * Everything a mutation creates under an id the client chose, with the argument that carries
 * the id and the table that keeps it. Ids are global: a client that reuses one (or guesses
 * another agent's) is told which kind of entity has it, in the same words whether or not the
 * agent may read that entity, and without the id.
 */
const createdEntities = {
  ticket: { field: 'ticketId', table: 'tickets' },
  article: { field: 'article.articleId', table: 'articles' },
  attachment: { field: 'article.attachments', table: 'attachments' },
  link: { field: 'linkId', table: 'ticket_links' },
  'time entry': { field: 'entryId', table: 'time_entries' },
} as const;

export type CreatedEntity = keyof typeof createdEntities;

/** `already-exists` for an id of this kind; `field` when the argument is more precise (`article.attachments.2.id`). */
export function idTaken(kind: CreatedEntity, field: string = createdEntities[kind].field): Rejection {
  return reject('already-exists', `${field}: ${kind === 'article' || kind === 'attachment' ? 'an' : 'a'} ${kind} with this id exists already`);
}

/**
 * The answer for a unique violation inside a handler: two runs racing with one client id lose
 * on the primary key, not on a check. The table of the violated key says which kind it was.
 */
export function idTakenByViolation(error: { table?: unknown; constraint?: unknown }): Rejection {
  const isPrimaryKey = typeof error.constraint === 'string' && error.constraint.endsWith('_pkey');
  if (error.table === createdEntities.link.table && !isPrimaryKey) return sameLinkExists(null);
  const kind = (Object.keys(createdEntities) as CreatedEntity[]).find((name) => createdEntities[name].table === error.table);
  return kind === undefined || !isPrimaryKey ? reject('already-exists', 'an id of this mutation exists already') : idTaken(kind);
}

/** The two tickets are linked this way already (under another link id). */
export function sameLinkExists(kind: string | null): Rejection {
  return reject('already-exists', `kind: the tickets are already linked ${kind === null ? 'this way' : `as ${kind}`}`);
}
