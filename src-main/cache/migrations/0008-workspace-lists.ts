/**
 * The agent's workspace within budget at 100,000 tickets (docs/desk.md, "Queue views"): the
 * default order of a queue's open tickets (nearest due first) comes straight from an index that
 * also holds every column the queue tree counts, the list's filters test and most columns sort
 * by, so that neither a window, a count nor most sorts touch the ticket rows (the single
 * clocks' due instants do); small partial indexes find the agent's own,
 * escalated and reminder tickets. All are partial over open tickets (most of a cache is closed
 * tickets kept for the retention window).
 *
 * The list's queries repeat `openTicket`, `nearestDue` and `anyClockBreached` word for word:
 * SQLite uses a partial or expression index only for a query that names the same terms.
 */

/** Not closed (`closedStates` of src-shared/sync/entities.ts when this was written). */
export const openTicket = `"state" NOT IN ('closed-successful', 'closed-unsuccessful', 'merged')`;

/** The earliest due instant of the clocks still running; '~' (after every ISO instant) when none runs. */
export const nearestDue = `min(
  coalesce(CASE WHEN "first_response_answered" = 0 THEN "first_response_due" END, '~'),
  coalesce(CASE WHEN "update_answered" = 0 THEN "update_due" END, '~'),
  coalesce(CASE WHEN "solution_answered" = 0 THEN "solution_due" END, '~'))`;

export const anyClockBreached = `("first_response_breached" = 1 OR "update_breached" = 1 OR "solution_breached" = 1)`;

export const sql = `
CREATE INDEX tickets_open_queue ON tickets (
  "queue_id", ${nearestDue}, "id",
  "state", "priority", "type", "locked", "owner_id", "institution_id", "customer_user_id", "number", "created_at", "title",
  "first_response_breached", "update_breached", "solution_breached"
) WHERE ${openTicket};
CREATE INDEX tickets_open_owner ON tickets ("owner_id", ${nearestDue}, "id", "locked") WHERE ${openTicket} AND "owner_id" IS NOT NULL;
CREATE INDEX tickets_open_escalated ON tickets ("queue_id") WHERE ${openTicket} AND ${anyClockBreached};
CREATE INDEX tickets_reminders ON tickets ("pending_until") WHERE "state" = 'pending-reminder';
`;
