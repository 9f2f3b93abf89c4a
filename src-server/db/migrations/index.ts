import * as m0001 from './0001-sessions.js';

/** Every migration in order; a database whose applied list is not a prefix of this is refused. */
export const migrations: readonly { name: string; sql: string }[] = [{ name: '0001-sessions', sql: m0001.sql }];
