import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { institutionIdFromName } from '../../../src-shared/node/directory/institutions.js';
import { hashSsha } from '../../../src-shared/node/directory/password-hash.js';
import { ticketSchema } from '../../../src-shared/sync/entities.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { pullAll } from '../feed/support/feed-client.js';
import { createTicket, expectApplied, send } from '../mutations/support.js';
import { signIn } from '../support/http.js';
import { temporaryDirectory } from '../support/temporary.js';

const base = 'dc=bank,dc=example';
const password = 'Shapes-Test-1';
const institutionId = '50000000-0000-4000-8000-000000000001';
const customerId = '51000000-0000-4000-8000-000000000001';

/** One agent, and one customer user of "Müller & Co. KG" written in the shape asked for. */
function directoryLdif(shape: 'parent' | 'attribute'): string {
  const customerDn = shape === 'parent' ? `uid=k.kunde,o=Müller & Co. KG,ou=customers,${base}` : `uid=k.kunde,ou=customers,${base}`;
  const entries = [
    `dn: ${base}\nobjectClass: dcObject\nobjectClass: organization\ndc: bank\no: Bank`,
    `dn: ou=people,${base}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=customers,${base}\nobjectClass: organizationalUnit\nou: customers`,
    `dn: ou=groups,${base}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: uid=anna,ou=people,${base}\nobjectClass: inetOrgPerson\nuid: anna\ncn: Anna Agent\nsn: Agent\nentryUUID: 52000000-0000-4000-8000-000000000001\nuserPassword: ${hashSsha(password, Buffer.from('saltsalt'))}`,
    `dn: cn=kontor-serviceline,ou=groups,${base}\nobjectClass: groupOfNames\ncn: kontor-serviceline\nmember: uid=anna,ou=people,${base}`,
    ...(shape === 'parent' ? [`dn: o=Müller & Co. KG,ou=customers,${base}\nobjectClass: organization\no: Müller & Co. KG\nentryUUID: ${institutionId}`] : []),
    `dn: ${customerDn}\nobjectClass: inetOrgPerson\nuid: k.kunde\ncn: Karla Kunde\nsn: Kunde\no: Müller & Co. KG\nentryUUID: ${customerId}`,
  ];
  return `${entries.join('\n\n')}\n`;
}

// A ticket for a customer user records the institution the directory names at creation, in
// either shape banks keep their directories in.
describe.each([
  { shape: 'parent' as const, expected: institutionId },
  { shape: 'attribute' as const, expected: institutionIdFromName('Müller & Co. KG') },
])('a ticket for a customer user, institution as $shape', ({ shape, expected }) => {
  let server: ServerOnTestDatabase;
  beforeAll(async () => {
    const file = path.join(temporaryDirectory('kontor-shape-'), 'directory.ldif');
    writeFileSync(file, directoryLdif(shape));
    const mapping = {
      baseDn: base,
      peopleBase: `ou=people,${base}`,
      customersBase: `ou=customers,${base}`,
      groupsBase: `ou=groups,${base}`,
      ...(shape === 'attribute' ? { institution: { kind: 'attribute', attribute: 'o' } } : {}),
    };
    server = await startServerOnFreshDatabase({
      directory: { kind: 'ldif', file, mapping },
      roles: [{ name: 'serviceline', ldapGroups: ['kontor-serviceline'], grants: { serviceline: ['rw'] } }],
      queues: [{ name: 'ServiceLine', group: 'serviceline', sla: { firstResponseMinutes: 60, updateMinutes: 240, solutionMinutes: 1440, warningPercent: 80 } }],
    });
  });
  afterAll(() => server.close());

  it('records the institution from the directory', async () => {
    const token = (await signIn(server.url, 'anna', password)).token;
    const create = createTicket('ServiceLine', { customerUserId: customerId });
    expectApplied((await send(server.url, token, create))[0]);
    const { changes } = await pullAll(server.url, token);
    const ticket = ticketSchema.parse(changes.find((change) => change.entity === 'ticket' && change.id === create.ticketId)?.data);
    expect(ticket).toMatchObject({ customerUserId: customerId, institutionId: expected });
  });
});
