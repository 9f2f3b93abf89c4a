import type { TicketType } from '../../sync/entities.js';
import type { QueueName } from './service-organisation.js';
import type { Localized } from './vocabulary.js';

/** Kinds of files clients attach: what the attachment generator can make. */
export type FileKind = 'pdf' | 'csv' | 'xlsx' | 'png' | 'txt';

/**
 * What a ticket is about, with its sentences in German and English. `{slot}`s are filled once
 * per ticket (ticket-context.ts), so that every article of a ticket names the same security.
 */
export interface Topic {
  key: string;
  /** The queue whose agents solve it. */
  queue: QueueName;
  type: TicketType;
  /** How often, relative to the other topics of the queue. */
  weight: number;
  title: Localized;
  /** The customer's first message: one of these. */
  opening: readonly Localized[];
  /** The agent's closing answer when it worked out. */
  solution: readonly Localized[];
  /** The agent's closing answer when it could not be done. */
  failure: Localized;
  /** What the customer attaches, if anything. */
  files?: readonly FileKind[];
}

/** Sentences that fit any ticket of a queue. Internal notes and time notes are German: the bank's language. */
export interface QueuePhrases {
  /** The agent asks back before solving. */
  question: readonly Localized[];
  /** The customer's answers and reminders in between. */
  followUps: readonly Localized[];
  /** Why the ticket waits (pending): the agent tells the customer. */
  waiting: readonly Localized[];
  notes: readonly string[];
  timeNotes: readonly string[];
}
