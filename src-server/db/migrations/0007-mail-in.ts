/** Inbound mail as received (issue 11, e-mail in). Filled in by the mail-in work. */
export const sql = `SELECT 1;`;
