import { describe } from 'vitest';
import { startServerOnFreshDatabase } from '../harness/kontor-server.js';
import { loginSuite } from './support/login-suite.js';

describe('sessions on PostgreSQL with the test slapd', () => {
  loginSuite(() => startServerOnFreshDatabase(), {
    databaseKind: 'postgres',
    mmueller: {
      roles: ['serviceline', 'settlement', 'teamlead'],
      permissions: { serviceline: ['ro', 'priority', 'rw'], settlement: ['ro', 'move_into', 'owner', 'rw'] },
    },
    contractorGroups: ['itops', 'settlement'],
  });
});
