/**
 * A sender per queue (docs/mail.md, "Senders"): the From of each queued mail, `Name <address>`,
 * chosen by the ticket's queue when the mail is queued. NULL (every mail queued before, and
 * queues without a sender of their own) is `mail.from`, as before.
 */
export const sql = `
ALTER TABLE mail_outbox ADD COLUMN sender text CHECK (sender IS NULL OR length(sender) BETWEEN 3 AND 320);
`;
