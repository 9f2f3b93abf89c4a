import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiErrorSchema, healthResponseSchema, loginResponseSchema } from '../../src-shared/api/sessions.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import type { ServerConfig } from '../../src-server/config.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { freePort } from '../harness/free-port.js';
import { testDirectoryConfig } from '../harness/directory.js';
import { ldapOperation, ldapResultCode, startFakeLdapServer } from '../harness/fake-ldap-server.js';
import { slapdServerConfig, startServer } from '../harness/kontor-server.js';
import { postLogin, request } from './support/http.js';
import { captureLog } from './support/capture-log.js';

describe('directory and database failures', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  /** Starts a server on this file's database with the directory overridden, runs `body`, stops it. */
  async function withServer(directory: Parameters<typeof testDirectoryConfig>[0], body: (url: string) => Promise<void>, logStream?: NodeJS.WritableStream): Promise<void> {
    const config: ServerConfig = slapdServerConfig(database.url, { directory: testDirectoryConfig(directory), ...(logStream ? { logging: { level: 'info' } } : {}) });
    const running = await startServer(config, logStream ? { logStream } : {});
    try {
      await body(running.url);
    } finally {
      await running.close();
    }
  }

  async function expectDirectoryUnavailable(url: string): Promise<void> {
    const response = await postLogin(url, 'mmueller', demoPassword);
    expect(response.status).toBe(503);
    expect(apiErrorSchema.parse(response.json)).toEqual({
      reason: 'directory-unavailable',
      message: 'The directory cannot be reached. Try again later.',
    });
  }

  it('refuses a directory whose certificate comes from a foreign CA (LDAPS), and logs no secret', async () => {
    const log = captureLog();
    await withServer({ caFile: inject('pki').foreignCaFile }, expectDirectoryUnavailable, log.stream);
    expect(log.text()).toContain('directory could not answer a login');
    expect(log.text()).not.toContain(inject('ldap').servicePassword);
    expect(log.text()).not.toContain(demoPassword);
  });

  it('refuses a foreign certificate after StartTLS instead of going on in plain text', async () => {
    await withServer({ url: inject('ldap').ldapUrl, startTls: true, caFile: inject('pki').foreignCaFile }, expectDirectoryUnavailable);
  });

  it('does not fall back to plain LDAP when the directory refuses StartTLS', async () => {
    const refuser = await startFakeLdapServer(ldapResultCode.unavailable);
    try {
      await withServer({ url: refuser.url, startTls: true }, expectDirectoryUnavailable);
      expect(refuser.operations).toContain(ldapOperation.extendedRequest);
      // Only StartTLS and the goodbye: no bind (it would carry the service password) and no search.
      const allowed: number[] = [ldapOperation.extendedRequest, ldapOperation.unbindRequest];
      expect(refuser.operations.filter((operation) => !allowed.includes(operation))).toEqual([]);
    } finally {
      await refuser.close();
    }
  });

  it('answers directory-unavailable when nothing listens, yet an empty password is refused without the directory', async () => {
    const port = await freePort();
    await withServer({ url: `ldaps://127.0.0.1:${port}`, timeoutMs: 2000 }, async (url) => {
      await expectDirectoryUnavailable(url);
      const empty = await postLogin(url, 'mmueller', '');
      expect(apiErrorSchema.parse(empty.json).reason).toBe('empty-password');
    });
  });

  it('never writes passwords, tokens or the service password to the log', async () => {
    const log = captureLog();
    const leaky = 'Leaky-Secret-91';
    await withServer(
      {},
      async (url) => {
        const success = await postLogin(url, 'mmueller', demoPassword);
        const { token } = loginResponseSchema.parse(success.json);
        await request(`${url}/api/v1/sessions/current`, { token });
        await postLogin(url, 'mmueller', leaky);
        await request(`${url}/api/v1/sessions`, { method: 'POST', body: { username: 'mmueller', password: leaky, extra: true } });
        await request(`${url}/api/v1/sessions/current`, { method: 'DELETE', token });
        expect(log.text()).not.toContain(token);
      },
      log.stream,
    );
    expect(log.text().length).toBeGreaterThan(0);
    for (const secret of [leaky, demoPassword, inject('ldap').servicePassword]) expect(log.text()).not.toContain(secret);
  });

  it('answers a database failure with internal-error and the request id, not the database error; readiness says the database is gone', async () => {
    const doomed = await createTestDatabase();
    const running = await startServer(slapdServerConfig(doomed.url));
    try {
      await doomed.drop();
      const response = await postLogin(running.url, 'mmueller', demoPassword);
      expect(response.status).toBe(500);
      const error = apiErrorSchema.parse(response.json);
      expect(error.reason).toBe('internal-error');
      expect(error.message).toContain(String(response.headers['x-request-id']));
      expect(response.text).not.toContain(doomed.name);

      const health = await request(`${running.url}/api/v1/health`);
      expect(health.status).toBe(503);
      expect(healthResponseSchema.parse(health.json).checks.database).toEqual({ ok: false, message: 'the database cannot be reached' });
      expect(health.text).not.toContain(doomed.name);
    } finally {
      await running.close();
    }
  });
});
