import type { MutationName } from '../../../../src-shared/sync/mutations.js';
import type { MutationHandler } from '../define.js';
import { accountTime } from './account-time.js';
import { addArticle } from './add-article.js';
import { create } from './create.js';
import { link } from './link.js';
import { lock } from './lock.js';
import { merge } from './merge.js';
import { move } from './move.js';
import { setOwner } from './set-owner.js';
import { setPriority } from './set-priority.js';
import { setResponsible } from './set-responsible.js';
import { setSla } from './set-sla.js';
import { setState } from './set-state.js';
import { unlock } from './unlock.js';

/** One handler per name of the catalogue; the type makes a missing one a compile error. */
export const mutationHandlers: Record<MutationName, MutationHandler> = {
  'ticket.create': create,
  'ticket.addArticle': addArticle,
  'ticket.move': move,
  'ticket.setState': setState,
  'ticket.setPriority': setPriority,
  'ticket.setSla': setSla,
  'ticket.setOwner': setOwner,
  'ticket.setResponsible': setResponsible,
  'ticket.lock': lock,
  'ticket.unlock': unlock,
  'ticket.merge': merge,
  'ticket.link': link,
  'ticket.accountTime': accountTime,
};
