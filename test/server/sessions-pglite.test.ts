import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadServerConfig } from '../../src-server/config.js';
import { loginSuite } from './support/login-suite.js';
import { startServer, type StartedServer } from './support/server.js';

const embeddedConfigFile = fileURLToPath(new URL('../../resources/config/server.embedded.json', import.meta.url));

/** The embedded default as `npm start` runs it: its own config file, PGlite in memory, the demo LDIF. */
describe('sessions on PGlite with the demo LDIF (embedded default)', () => {
  let running: StartedServer | undefined;

  beforeAll(async () => {
    const config = await loadServerConfig(embeddedConfigFile);
    running = await startServer({ ...config, logging: { level: 'silent' } });
  });

  afterAll(async () => {
    await running?.close();
  });

  loginSuite(
    () => {
      if (!running) throw new Error('server did not start');
      return running;
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
        },
      },
      contractorGroups: ['itops', 'settlement'],
    },
  );
});
