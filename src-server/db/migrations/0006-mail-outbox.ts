/** The transactional mail outbox (issue 11, e-mail out). Filled in by the mail-out work. */
export const sql = `SELECT 1;`;
