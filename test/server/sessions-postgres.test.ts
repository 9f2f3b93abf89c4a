import { afterAll, beforeAll, describe } from 'vitest';
import { createTestDatabase } from '../harness/database.js';
import { loginSuite } from './support/login-suite.js';
import { slapdServerConfig, startServer, type StartedServer } from './support/server.js';

describe('sessions on PostgreSQL with the test slapd', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let running: StartedServer | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    running = await startServer(slapdServerConfig(database.url));
  });

  afterAll(async () => {
    await running?.close();
    await database.drop();
  });

  loginSuite(
    () => {
      if (!running) throw new Error('server did not start');
      return running;
    },
    {
      databaseKind: 'postgres',
      mmueller: {
        roles: ['serviceline', 'settlement', 'teamlead'],
        permissions: { serviceline: ['ro', 'priority', 'rw'], settlement: ['ro', 'move_into', 'owner', 'rw'] },
      },
      contractorGroups: ['itops', 'settlement'],
    },
  );
});
