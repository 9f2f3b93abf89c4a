import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, healthResponseSchema, loginResponseSchema } from '../../../src-shared/api/sessions.js';
import { signedInAgentSchema } from '../../../src-shared/domain/people.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { dnEquals } from '../../../src-shared/node/directory/dn.js';
import type { Permissions } from '../../../src-shared/permissions.js';
import { testCustomers, testUsers } from '../../harness/directory.js';
import type { StartedServer } from '../../harness/kontor-server.js';
import { postLogin, request, tokenFor, type HttpResponse } from './http.js';

export interface LoginExpectations {
  databaseKind: 'postgres' | 'pglite';
  mmueller: { roles: string[]; permissions: Permissions };
  /** The Kontor groups an external contractor holds rights in: no others exist for them. */
  contractorGroups: string[];
}

export function apiError(response: HttpResponse): { reason: string; message: string } {
  return apiErrorSchema.parse(response.json);
}

const signIn = (url: string, username: string): Promise<string> => tokenFor(url, username);

/**
 * The behaviour of health and sessions every database and directory must show, on the server
 * `start` gives (started in beforeAll, closed in afterAll).
 */
export function loginSuite(start: () => Promise<StartedServer>, expected: LoginExpectations): void {
  let running: StartedServer | undefined;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.close();
  });
  const started = (): StartedServer => {
    if (!running) throw new Error('server did not start');
    return running;
  };
  const url = (): string => started().url;

  describe('health', () => {
    it('answers ok with the database kind and the security headers', async () => {
      const response = await request(`${url()}/api/v1/health`);
      expect(response.status).toBe(200);
      expect(healthResponseSchema.parse(response.json)).toMatchObject({ status: 'ok', database: expected.databaseKind });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-frame-options']).toBe('DENY');
    });
  });

  describe('login', () => {
    it('signs in an agent with roles, permissions, DN and stable id', async () => {
      const response = await postLogin(url(), 'mmueller', demoPassword);
      expect(response.status, response.text).toBe(201);
      const body = loginResponseSchema.parse(response.json);
      expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/u);
      expect(body.agent).toEqual({
        id: testUsers.mmueller.id,
        dn: expect.any(String) as string,
        username: 'mmueller',
        displayName: 'Maria Müller',
        email: testUsers.mmueller.email,
        roles: expected.mmueller.roles,
      });
      expect(dnEquals(body.agent.dn, testUsers.mmueller.dn)).toBe(true);
      expect(body.permissions).toEqual(expected.mmueller.permissions);
      expect(body.idleTimeoutSeconds).toBeGreaterThan(0);
      expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    });

    it('normalises the user name and finds a person whose DN has a comma and differs from the user name', async () => {
      const response = await postLogin(url(), '  HMeier ', demoPassword);
      expect(response.status, response.text).toBe(201);
      const { agent } = loginResponseSchema.parse(response.json);
      expect(agent.id).toBe(testUsers.hmeier.id);
      expect(dnEquals(agent.dn, 'cn=Meier\\, Hans,ou=people,dc=kontor,dc=example')).toBe(true);
    });

    it('gives an external contractor rights in their granted groups only', async () => {
      const response = await postLogin(url(), 'extern.kraus', demoPassword);
      expect(response.status, response.text).toBe(201);
      const { agent, permissions } = loginResponseSchema.parse(response.json);
      expect(agent.roles).toEqual(['contractor']);
      expect(Object.keys(permissions).sort()).toEqual(expected.contractorGroups);
    });

    it('answers a wrong password and an unknown user alike', async () => {
      const wrong = await postLogin(url(), 'sobrien', 'not-the-password');
      const unknown = await postLogin(url(), 'nobody-here', 'not-the-password');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(apiError(wrong)).toEqual({ reason: 'invalid-credentials', message: apiError(unknown).message });
      expect(apiError(unknown).reason).toBe('invalid-credentials');
    });

    it('refuses an empty password before asking the directory', async () => {
      const response = await postLogin(url(), 'pschulz', '');
      expect(response.status).toBe(401);
      expect(apiError(response).reason).toBe('empty-password');
      const audit = await started().server.db.query<{ detail: { directory: string } }>(
        "SELECT detail FROM audit_log WHERE username = 'pschulz' AND outcome = 'empty-password'",
      );
      expect(audit.rows.map((row) => row.detail.directory)).toEqual(['not-contacted']);
    });

    it('refuses a person without an agent group, and a customer user as an unknown name (their entry is not bound here)', async () => {
      const noRole = await postLogin(url(), 'jschmidt', demoPassword);
      expect(noRole.status).toBe(401);
      expect(apiError(noRole).reason).toBe('no-agent-role');
      const customer = testCustomers.find((entry) => entry.username === 'jsmith')?.username ?? 'jsmith';
      const asCustomer = await postLogin(url(), customer, demoPassword);
      expect(asCustomer.status).toBe(401);
      expect(apiError(asCustomer)).toEqual(apiError(await postLogin(url(), 'niemand-da', demoPassword)));
      const audit = await started().server.db.query<{ outcome: string; detail: { directory: string } }>(
        'SELECT outcome, detail FROM audit_log WHERE username = $1 ORDER BY id DESC LIMIT 1',
        [customer],
      );
      expect(audit.rows).toEqual([{ outcome: 'invalid-credentials', detail: expect.objectContaining({ directory: 'searched' }) as unknown }]);
    });

    it('treats hostile user names as wrong credentials or a bad request, never as a match or a crash', async () => {
      for (const username of ['*', 'mmueller)(uid=*', '*)(|(uid=*', 'mm*', '\\', 'cn=Meier\\, Hans']) {
        const response = await postLogin(url(), username, demoPassword);
        expect(response.status, username).toBe(401);
        expect(apiError(response).reason, username).toBe('invalid-credentials');
      }
      const nul = await postLogin(url(), 'mmueller\u0000', demoPassword);
      expect(nul.status).toBe(400);
      expect(apiError(nul)).toMatchObject({ reason: 'invalid-request', message: expect.stringContaining('username') as string });
    });

    it('reports a locked account and an expired password as the directory says', async () => {
      const locked = await postLogin(url(), testUsers.twagner.username, demoPassword);
      expect(apiError(locked).reason).toBe('account-locked');
      const expired = await postLogin(url(), testUsers.afischer.username, demoPassword);
      expect(apiError(expired).reason).toBe('password-expired');
    });
  });

  describe('session', () => {
    it('shows the signed-in agent, then refuses the token after logout', async () => {
      const token = await signIn(url(), 'dnowak');
      const current = await request(`${url()}/api/v1/sessions/current`, { token });
      expect(current.status).toBe(200);
      expect(signedInAgentSchema.parse(current.json).agent.id).toBe(testUsers.dnowak.id);

      const logout = await request(`${url()}/api/v1/sessions/current`, { method: 'DELETE', token });
      expect(logout.status).toBe(204);
      const after = await request(`${url()}/api/v1/sessions/current`, { token });
      expect(after.status).toBe(401);
      expect(apiError(after).reason).toBe('unauthenticated');
      const again = await request(`${url()}/api/v1/sessions/current`, { method: 'DELETE', token });
      expect(apiError(again).reason).toBe('unauthenticated');
    });

    it('refuses requests without a token or with a made-up one', async () => {
      for (const token of [undefined, 'A'.repeat(43), 'not a token']) {
        const response = await request(`${url()}/api/v1/sessions/current`, token === undefined ? {} : { token });
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/u);
        expect(apiError(response).reason).toBe('unauthenticated');
      }
    });

    it('keeps only the sha256 of the token', async () => {
      const token = await signIn(url(), 'lweber');
      const stored = await started().server.db.query<{ hex: string; text: string }>(
        "SELECT encode(token_hash, 'hex') AS hex, agent_sessions::text AS text FROM agent_sessions",
      );
      expect(stored.rows.map((row) => row.hex)).toContain(createHash('sha256').update(token).digest('hex'));
      expect(stored.rows.some((row) => row.text.includes(token))).toBe(false);
    });
  });

  describe('malformed requests', () => {
    const cases: { name: string; body: string; contentType?: string; status: number; mentions: string }[] = [
      { name: 'missing field', body: JSON.stringify({ username: 'mmueller' }), status: 400, mentions: 'password' },
      { name: 'unknown field', body: JSON.stringify({ username: 'mmueller', password: 'x', remember: true }), status: 400, mentions: 'remember' },
      { name: 'wrong type', body: JSON.stringify({ username: 42, password: 'x' }), status: 400, mentions: 'username' },
      { name: 'too long a user name', body: JSON.stringify({ username: 'u'.repeat(300), password: 'x' }), status: 400, mentions: 'username' },
      { name: 'not an object', body: '[]', status: 400, mentions: 'body' },
      { name: 'not JSON', body: '{"username": ', status: 400, mentions: 'JSON' },
      { name: 'prototype poisoning', body: '{"username":"a","password":"b","__proto__":{"x":1}}', status: 400, mentions: 'body' },
      { name: 'not JSON at all', body: 'username=mmueller', contentType: 'text/plain', status: 415, mentions: 'application/json' },
      { name: 'too large', body: JSON.stringify({ username: 'a', password: 'p'.repeat(20_000) }), status: 413, mentions: 'bytes' },
    ];
    for (const testCase of cases) {
      it(`answers ${testCase.status} invalid-request naming the problem: ${testCase.name}`, async () => {
        const response = await request(`${url()}/api/v1/sessions`, {
          method: 'POST',
          body: testCase.body,
          headers: { 'content-type': testCase.contentType ?? 'application/json' },
        });
        expect(response.status).toBe(testCase.status);
        const error = apiError(response);
        expect(error.reason).toBe('invalid-request');
        expect(error.message).toContain(testCase.mentions);
        expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/u);
      });
    }

    it('answers an unknown route with not-found', async () => {
      const response = await request(`${url()}/api/v1/no-such-thing`);
      expect(response.status).toBe(404);
      expect(apiError(response).reason).toBe('not-found');
    });
  });

  describe('audit', () => {
    it('records successes and failures without the password, and refuses to change a row', async () => {
      const secret = 'Wrong-But-Secret-42';
      await postLogin(url(), 'lweber', secret);
      await signIn(url(), 'lweber');
      const { db } = started().server;
      const rows = await db.query<{ outcome: string; actor_id: string | null; address: string }>(
        "SELECT outcome, actor_id, address FROM audit_log WHERE username = 'lweber' AND event = 'login' ORDER BY id",
      );
      expect(rows.rows.map((row) => row.outcome)).toEqual(expect.arrayContaining(['invalid-credentials', 'success']));
      expect(rows.rows.find((row) => row.outcome === 'success')?.actor_id).toBe(testUsers.lweber.id);
      expect(rows.rows.every((row) => row.address === '127.0.0.1')).toBe(true);
      const everything = await db.query<{ dump: string }>('SELECT string_agg(audit_log::text, \' \') AS dump FROM audit_log');
      expect(everything.rows[0]?.dump).not.toContain(secret);
      expect(everything.rows[0]?.dump).not.toContain(demoPassword);

      await expect(db.query("UPDATE audit_log SET outcome = 'success'")).rejects.toThrow(/append-only/u);
      await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/u);
      await expect(db.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/u);
    });
  });
}
