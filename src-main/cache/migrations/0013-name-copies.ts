import { nearestDue, openTicket } from './0008-workspace-lists.js';

/**
 * A sort by customer, institution or owner from the queue's index alone (docs/benchmarks.md,
 * "(e) … sorted by customer, institution or owner"): the folded names of a ticket's customer,
 * institution and owner are copied into its row (`ticketNameCopies` in sort-keys.ts, kept by the
 * page writer) and `tickets_open_queue` is built again with them. Looking the name up for every
 * ticket of the queue on each sort took 7–10 ms at 10,000 open tickets; a sort by the title, which
 * is in the index, 5–6 ms. `tickets_customer` finds a renamed customer's tickets (customers are
 * many and arrive while the agent works; institutions and agents are few, and seldom renamed).
 */
export const sql = `
ALTER TABLE tickets ADD COLUMN "customer_sort" TEXT;
ALTER TABLE tickets ADD COLUMN "institution_sort" TEXT;
ALTER TABLE tickets ADD COLUMN "owner_sort" TEXT;
UPDATE tickets SET
  "customer_sort" = (SELECT "display_name_sort" FROM customer_users WHERE "id" = tickets."customer_user_id"),
  "institution_sort" = (SELECT "name_sort" FROM institutions WHERE "id" = tickets."institution_id"),
  "owner_sort" = (SELECT "display_name_sort" FROM agents WHERE "id" = tickets."owner_id");
CREATE INDEX tickets_customer ON tickets ("customer_user_id") WHERE "customer_user_id" IS NOT NULL;
DROP INDEX tickets_open_queue;
CREATE INDEX tickets_open_queue ON tickets (
  "queue_id", ${nearestDue}, "id",
  "state", "priority", "type", "locked", "owner_id", "institution_id", "customer_user_id", "number", "created_at",
  "title_sort", "customer_sort", "institution_sort", "owner_sort",
  "first_response_answered", "first_response_due", "update_answered", "update_due", "solution_answered", "solution_due",
  "first_response_breached", "update_breached", "solution_breached"
) WHERE ${openTicket};
`;
