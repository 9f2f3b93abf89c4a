import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig, parseServerConfig } from '../../src-server/config.js';
import { serverVersion } from '../../src-server/version.js';
import { temporaryDirectory } from './support/temporary.js';

const repository = fileURLToPath(new URL('../../', import.meta.url));

function minimalConfig(): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    directory: {
      kind: 'ldif',
      file: 'directory.ldif',
      mapping: { baseDn: 'dc=kontor,dc=example', peopleBase: 'ou=people,dc=kontor,dc=example', customersBase: 'ou=institutions,dc=kontor,dc=example', groupsBase: 'ou=groups,dc=kontor,dc=example' },
    },
    roles: [{ name: 'serviceline', ldapGroups: ['kontor-serviceline'], grants: { serviceline: ['rw'] } }],
  };
}

function writeConfig(content: unknown): string {
  const file = path.join(temporaryDirectory('kontor-config-'), 'server.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function loadError(content: unknown, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    await loadServerConfig(writeConfig(content), env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('config was accepted');
}

describe('server config', () => {
  it('fills in defaults and resolves relative paths against the config file folder', async () => {
    const file = writeConfig({ ...minimalConfig(), database: { pgliteDir: 'data/db' } });
    const config = await loadServerConfig(file, {});
    const folder = path.dirname(file);
    expect(config.directory.kind === 'ldif' && config.directory.file).toBe(path.join(folder, 'directory.ldif'));
    expect(config.database.pgliteDir).toBe(path.join(folder, 'data/db'));
    expect(config.sessions).toEqual({ idleTimeoutMinutes: 30, absoluteTimeoutHours: 12 });
    expect(config.throttle.perUsername).toEqual({ maxFailures: 5, windowMinutes: 15 });
    expect(config.logging.level).toBe('info');
  });

  it('names the file and the field of a wrong value', async () => {
    const message = await loadError({ ...minimalConfig(), listen: { host: '127.0.0.1', port: 'eighty' } });
    expect(message).toMatch(/server\.json: listen\.port: expected number/u);
  });

  it('names a misspelt field instead of ignoring it', async () => {
    expect(await loadError({ ...minimalConfig(), sessions: { idleTimeoutMinute: 5 } })).toContain('sessions.idleTimeoutMinute: unknown field');
    const directory = { ...(minimalConfig()['directory'] as object), startTLS: true };
    expect(await loadError({ ...minimalConfig(), directory })).toContain('directory.startTLS: unknown field');
  });

  it('names a missing field, a wrong right and a malformed group DN', async () => {
    const withoutRoles = minimalConfig();
    delete withoutRoles['roles'];
    expect(await loadError(withoutRoles)).toContain('roles: is required');
    expect(await loadError({ ...minimalConfig(), roles: [{ name: 'x', ldapGroups: ['g'], grants: { queue: ['write'] } }] })).toContain('roles.0.grants.queue.0');
    expect(await loadError({ ...minimalConfig(), roles: [{ name: 'x', ldapGroups: ['cn=a,=b'], grants: {} }] })).toContain('roles.0.ldapGroups.0');
  });

  it('requires the LDAP service account', async () => {
    const directory = { kind: 'ldap', url: 'ldaps://ldap.bank.example', caFile: 'ca.pem', mapping: (minimalConfig()['directory'] as { mapping: object }).mapping };
    expect(await loadError({ ...minimalConfig(), directory })).toContain('directory.serviceDn: is required');
  });

  it('refuses plain HTTP on an address other than loopback', async () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'kontor.bank.example']) {
      expect(await loadError({ ...minimalConfig(), listen: { host, port: 8080 } })).toContain('listen.tls: required because listen.host');
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) {
      expect(parseServerConfig({ ...minimalConfig(), listen: { host, port: 0 } }, repository).listen.host).toBe(host);
    }
    const tls = { certFile: 'server.pem', keyFile: 'server.key' };
    expect(parseServerConfig({ ...minimalConfig(), listen: { host: '0.0.0.0', port: 443, tls } }, '/etc/kontor').listen.tls).toEqual({
      certFile: '/etc/kontor/server.pem',
      keyFile: '/etc/kontor/server.key',
    });
  });

  it('reports a missing file and a file that is not JSON', async () => {
    const missing = path.join(temporaryDirectory('kontor-config-'), 'absent.json');
    await expect(loadServerConfig(missing, {})).rejects.toThrow(`cannot read config file ${missing}: ENOENT`);
    expect(await loadError('{"listen": ')).toMatch(/is not valid JSON/u);
  });

  it('takes secrets from the environment instead of the file', async () => {
    const directory = {
      kind: 'ldap',
      url: 'ldaps://ldap.bank.example',
      caFile: 'ca.pem',
      serviceDn: 'cn=kontor-server,ou=services,dc=bank,dc=example',
      mapping: (minimalConfig()['directory'] as { mapping: object }).mapping,
    };
    const config = await loadServerConfig(writeConfig({ ...minimalConfig(), directory }), {
      KONTOR_DIRECTORY_SERVICE_PASSWORD: 'from-the-vault',
      KONTOR_DATABASE_URL: 'postgres://kontor@db/kontor',
    });
    expect(config.directory.kind === 'ldap' && config.directory.servicePassword).toBe('from-the-vault');
    expect(config.database.url).toBe('postgres://kontor@db/kontor');
  });

  it('ships an embedded default and an example that both load', async () => {
    const embedded = await loadServerConfig(path.join(repository, 'resources/config/server.embedded.json'), {});
    expect(embedded.directory.kind).toBe('ldif');
    expect(embedded.directory.kind === 'ldif' && existsSync(embedded.directory.file)).toBe(true);
    expect(embedded.database.url).toBeUndefined();
    const example = await loadServerConfig(path.join(repository, 'resources/config/server.example.json'), { KONTOR_DIRECTORY_SERVICE_PASSWORD: 'x' });
    expect(example.listen.tls).toBeDefined();
  });

  it('reports the version package.json has', () => {
    const pkg = JSON.parse(readFileSync(path.join(repository, 'package.json'), 'utf8')) as { version: string };
    expect(serverVersion).toBe(pkg.version);
  });
});
