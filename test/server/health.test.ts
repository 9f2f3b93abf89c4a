import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthResponseSchema, livenessResponseSchema } from '../../src-shared/api/sessions.js';
import { freePort } from '../harness/free-port.js';
import { testDirectoryConfig } from '../harness/directory.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../harness/kontor-server.js';
import { request } from './support/http.js';

// A load balancer asks liveness (is the process there) and readiness (can it serve now).
describe('GET /api/v1/health', () => {
  let healthy: ServerOnTestDatabase | undefined;
  let noDirectory: ServerOnTestDatabase | undefined;

  beforeAll(async () => {
    healthy = await startServerOnFreshDatabase();
    // Nothing listens on this port: the directory is unreachable from the start.
    noDirectory = await startServerOnFreshDatabase({ directory: testDirectoryConfig({ url: `ldaps://127.0.0.1:${String(await freePort())}`, timeoutMs: 500 }) });
  });
  afterAll(async () => {
    await healthy?.close();
    await noDirectory?.close();
  });

  const started = (server: ServerOnTestDatabase | undefined): ServerOnTestDatabase => {
    if (!server) throw new Error('server did not start');
    return server;
  };

  it('is ready when the database, its migrations and the directory are all there', async () => {
    const { url } = started(healthy);
    for (const path of ['/api/v1/health', '/api/v1/health/ready']) {
      const response = await request(`${url}${path}`);
      expect(response.status).toBe(200);
      expect(healthResponseSchema.parse(response.json)).toMatchObject({
        status: 'ok',
        checks: { database: { ok: true }, migrations: { ok: true }, directory: { ok: true } },
      });
    }
  });

  it('is alive but not ready while the directory cannot be reached, and says which check failed', async () => {
    const { url } = started(noDirectory);
    const ready = await request(`${url}/api/v1/health/ready`);
    expect(ready.status).toBe(503);
    expect(healthResponseSchema.parse(ready.json)).toMatchObject({
      status: 'unavailable',
      checks: { database: { ok: true }, migrations: { ok: true }, directory: { ok: false, message: 'the directory cannot be reached' } },
    });
    const live = await request(`${url}/api/v1/health/live`);
    expect(live.status).toBe(200);
    expect(livenessResponseSchema.parse(live.json).status).toBe('ok');
  });

  it('is not ready when another server has migrated the database further than this one knows', async () => {
    const server = started(healthy);
    await server.server.db.query(`INSERT INTO schema_migrations (position, name) VALUES (9999, '9999-from-a-newer-server')`);
    try {
      // Probes within a second share one check.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const ready = await request(`${server.url}/api/v1/health/ready`);
      expect(ready.status).toBe(503);
      expect(healthResponseSchema.parse(ready.json).checks.migrations).toEqual({ ok: false, message: expect.stringMatching(/migrations applied/u) as unknown });
    } finally {
      await server.server.db.query(`DELETE FROM schema_migrations WHERE position = 9999`);
    }
  });
});
