import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loginResponseSchema } from '../../src-shared/api/sessions.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { createServer } from '../../src-server/app.js';
import { ConfigError } from '../../src-server/config.js';
import { slapdServerConfig, startServerOnFreshDatabase, tlsListen, type ServerOnTestDatabase } from '../harness/kontor-server.js';
import { postLogin, request } from './support/http.js';

describe('HTTPS', () => {
  let running: ServerOnTestDatabase | undefined;
  const url = (): string => {
    if (!running) throw new Error('server did not start');
    return running.url;
  };

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ listen: tlsListen() });
  });

  afterAll(async () => {
    await running?.close();
  });

  it('serves the API over TLS with the configured certificate to a client trusting the test CA', async () => {
    expect(url()).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/u);
    const health = await request(`${url()}/api/v1/health`, { caFile: inject('pki').caFile });
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toContain('max-age=');
    const login = await postLogin(url(), 'sobrien', demoPassword, { caFile: inject('pki').caFile });
    expect(login.status, login.text).toBe(201);
    expect(loginResponseSchema.parse(login.json).agent.username).toBe('sobrien');
  });

  it('is refused by a client that trusts only a foreign CA', async () => {
    await expect(request(`${url()}/api/v1/health`, { caFile: inject('pki').foreignCaFile })).rejects.toThrow(/certificate/iu);
  });

  it('does not answer plain HTTP on its TLS port', async () => {
    await expect(request(`${url().replace('https:', 'http:')}/api/v1/health`)).rejects.toThrow();
  });

  it('refuses to create a plain-HTTP server on a non-loopback address, even from a config built in code', async () => {
    const config = slapdServerConfig(running?.database.url ?? '');
    await expect(createServer({ ...config, listen: { ...config.listen, host: '0.0.0.0' } })).rejects.toThrow(ConfigError);
  });
});
