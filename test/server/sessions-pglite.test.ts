import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { loadServerConfig } from '../../src-server/config.js';
import { startServer } from '../harness/kontor-server.js';
import { loginSuite } from './support/login-suite.js';

const embeddedConfigFile = fileURLToPath(new URL('../../resources/config/server.embedded.json', import.meta.url));

/** The embedded default as `npm start` runs it: its own config file, PGlite in memory, the demo LDIF. */
describe('sessions on PGlite with the demo LDIF (embedded default)', () => {
  loginSuite(
    async () => {
      const config = await loadServerConfig(embeddedConfigFile);
      // Without the demo bank's tickets: this suite is about sessions.
      return startServer({ ...config, demoSeed: undefined, logging: { level: 'silent' } });
    },
    {
      databaseKind: 'pglite',
      mmueller: {
        roles: ['serviceline', 'settlement', 'teamlead'],
        permissions: {
          serviceline: ['ro', 'move_into', 'note', 'owner', 'priority', 'rw'],
          settlement: ['ro', 'move_into', 'create', 'note', 'owner', 'priority', 'rw'],
          custody: ['ro', 'move_into', 'create', 'note', 'owner', 'priority'],
          tax: ['ro', 'move_into', 'create', 'note', 'owner', 'priority'],
          itops: ['ro', 'move_into', 'create', 'note', 'owner', 'priority'],
          helpdesk: ['ro', 'move_into', 'create', 'note', 'owner', 'priority'],
          complaints: ['ro', 'move_into', 'create', 'note', 'rw'],
        },
      },
      contractorGroups: ['itops', 'settlement'],
    },
  );
});
