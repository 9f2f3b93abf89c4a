import * as m0001 from './0001-initial.js';

/** Every cache migration in order; a cache whose applied list is not a prefix of this is refused. */
export const cacheMigrations: readonly { name: string; sql: string }[] = [{ name: '0001-initial', sql: m0001.sql }];
