import type { PortalReason, PortalTicketFilter } from '../../src-shared/portal/api.js';
import type { TicketState, TicketType } from '../../src-shared/sync/entities.js';

export type Language = 'de' | 'en';
export const languages: readonly Language[] = ['de', 'en'];

/** Every word the portal shows. A missing key in one language does not compile. */
export interface Messages {
  appName: string;
  language: string;
  languageNames: Record<Language, string>;
  signIn: { heading: string; intro: string; username: string; password: string; submit: string; busy: string; showPassword: string };
  header: { signedInAs: (name: string, institution: string) => string; signOut: string; tickets: string; newTicket: string };
  status: { loading: string; saving: string; ready: string };
  list: {
    heading: string;
    filterLabel: string;
    filters: Record<PortalTicketFilter, string>;
    search: string;
    searchHint: string;
    searchSubmit: string;
    number: string;
    title: string;
    state: string;
    customer: string;
    created: string;
    updated: string;
    mine: string;
    empty: string;
    truncated: (count: number) => string;
    count: (count: number) => string;
  };
  ticket: {
    back: string;
    number: string;
    state: string;
    type: string;
    queue: string;
    customer: string;
    created: string;
    updated: string;
    firstResponseDue: string;
    solutionDue: string;
    articles: string;
    noArticles: string;
    fromService: string;
    fromCustomer: (name: string | null) => string;
    attachments: string;
    close: string;
    closeHint: string;
    closed: string;
  };
  followUp: { heading: string; body: string; reopens: string; submit: string; sent: string };
  create: { heading: string; queue: string; type: string; title: string; body: string; submit: string; noQueues: string; created: (number: string) => string };
  attachments: { label: string; hint: (maxMb: number, count: number) => string; remove: (name: string) => string; tooLarge: string; tooMany: string };
  states: Record<TicketState, string>;
  types: Record<TicketType, string>;
  reasons: Record<PortalReason | 'network', string>;
  /** The wait the server asked for, counted down each second. */
  retryIn: (seconds: number) => string;
  /** Once the wait has passed. */
  retryNow: string;
  notFoundPage: string;
  fieldRequired: string;
}
