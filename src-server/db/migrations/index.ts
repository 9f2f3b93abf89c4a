import * as m0001 from './0001-sessions.js';
import * as m0002 from './0002-tickets.js';
import * as m0004 from './0004-server-secrets.js';
import * as m0005 from './0005-sla-and-directory.js';
import * as m0006 from './0006-mail-outbox.js';
import * as m0007 from './0007-mail-in.js';
import * as m0008 from './0008-portal.js';
import * as m0009 from './0009-portal-hardening.js';
import * as m0010 from './0010-mail-in-retries.js';
import * as m0011 from './0011-mail-senders.js';

/** Every migration in order; a database whose applied list is not a prefix of this is refused. */
export const migrations: readonly { name: string; sql: string }[] = [
  { name: '0001-sessions', sql: m0001.sql },
  { name: '0002-tickets', sql: m0002.sql },
  { name: '0004-server-secrets', sql: m0004.sql },
  { name: '0005-sla-and-directory', sql: m0005.sql },
  { name: '0006-mail-outbox', sql: m0006.sql },
  { name: '0007-mail-in', sql: m0007.sql },
  { name: '0008-portal', sql: m0008.sql },
  { name: '0009-portal-hardening', sql: m0009.sql },
  { name: '0010-mail-in-retries', sql: m0010.sql },
  { name: '0011-mail-senders', sql: m0011.sql },
];
