/**
 * Mail-in retries (docs/mail-in.md, "Hand-over"): how many hand-overs of a mail were refused.
 * A mail's mutation id is derived from its id and this count, so that a mail an operator sets
 * `new` again after fixing the cause is decided afresh instead of getting the stored refusal back.
 */
export const sql = `
ALTER TABLE inbound_mails ADD COLUMN failed_hand_overs integer NOT NULL DEFAULT 0 CHECK (failed_hand_overs >= 0);
`;
