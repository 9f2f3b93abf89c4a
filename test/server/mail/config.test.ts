import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from '../../../src-server/app.js';
import { ConfigError, loadServerConfig, parseServerConfig, type ServerConfig } from '../../../src-server/config.js';
import { testQueues } from '../mutations/support.js';

const base = {
  listen: { host: '127.0.0.1', port: 0 },
  directory: { kind: 'ldif', file: 'demo.ldif', mapping: { baseDn: 'dc=x', idAttribute: 'entryUUID', usernameAttribute: 'uid', userFilter: '(uid={username})', peopleBase: 'ou=p,dc=x', customersBase: 'ou=c,dc=x', customerFilter: '(objectClass=inetOrgPerson)', groupsBase: 'ou=g,dc=x', groupFilter: '(objectClass=groupOfNames)', memberAttribute: 'member' } },
  roles: [{ name: 'r', ldapGroups: ['g'], grants: {} }],
};

const parse = (mail: unknown): ServerConfig => parseServerConfig({ ...base, mail }, '/etc/kontor');
const problem = (mail: unknown): string => {
  try {
    parse(mail);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('the mail section of the server config', () => {
  it('is optional (mails are logged) and fills in defaults', () => {
    expect(parseServerConfig(base, '/etc/kontor').mail).toBeUndefined();
    const mail = parse({ from: 'Kontor <service@bank.example>', smtp: { host: 'relay.bank.example', caFile: 'relay-ca.pem' } }).mail;
    expect(mail).toMatchObject({ sendIntervalSeconds: 30, maxAttempts: 10, retryInitialSeconds: 60, signatures: {} });
    expect(mail?.smtp).toEqual({ host: 'relay.bank.example', port: 587, secure: false, requireTls: true, caFile: '/etc/kontor/relay-ca.pem' });
  });

  it('refuses plain SMTP towards anything but loopback, and allows it there', () => {
    expect(problem({ from: 'service@bank.example', smtp: { host: 'relay.bank.example', requireTls: false } })).toContain(
      'mail.smtp.requireTls: must be true (or secure) because smtp.host "relay.bank.example" is not a loopback address (plain SMTP is allowed on loopback only)',
    );
    expect(parse({ from: 'service@bank.example', smtp: { host: 'relay.bank.example', secure: true, requireTls: false, port: 465 } }).mail?.smtp?.secure).toBe(true);
    expect(parse({ from: 'service@bank.example', smtp: { host: '127.0.0.1', requireTls: false, port: 25 } }).mail?.smtp?.requireTls).toBe(false);
  });

  it('names what is wrong without echoing the password', () => {
    const message = problem({ from: 'not an address', smtp: { host: 'relay.bank.example', user: 'kontor', password: 'Geheim-123', port: 'x' }, portalUrl: 'javascript:alert(1)' });
    expect(message).toContain('mail.from: must be an address or "Name <address>"');
    expect(message).toContain('mail.smtp.port');
    expect(message).toContain('mail.portalUrl');
    expect(message).not.toContain('Geheim-123');
    expect(problem({ from: 'service@bank.example', smtp: { host: 'relay.bank.example', user: 'kontor' } })).toContain('mail.smtp.password: user and password go together');
  });

  it('takes senders by queue, each an address of a queue in the list, and says which is not', () => {
    const queues = testQueues;
    const parsed = parseServerConfig({ ...base, queues, mail: { from: 'service@bank.example', senders: { Wertpapiere: 'Wertpapiere <wp@bank.example>' } } }, '/etc/kontor');
    expect(parsed.mail?.senders).toEqual({ Wertpapiere: 'Wertpapiere <wp@bank.example>' });
    const refused = (senders: unknown): string => {
      try {
        parseServerConfig({ ...base, queues, mail: { from: 'service@bank.example', senders } }, '/etc/kontor');
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
        throw error;
      }
      throw new Error('expected a ConfigError');
    };
    expect(refused({ Wertpapier: 'wp@bank.example' })).toContain('mail.senders.Wertpapier: queue "Wertpapier" is not in the list of queues');
    expect(refused({ Wertpapiere: 'Wertpapiere' })).toContain('mail.senders.Wertpapiere: must be an address or "Name <address>"');
  });

  it('takes the password from KONTOR_SMTP_PASSWORD', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'kontor-mail-config-'));
    const file = path.join(folder, 'server.json');
    writeFileSync(file, JSON.stringify({ ...base, mail: { from: 'service@bank.example', smtp: { host: 'relay.bank.example', user: 'kontor', password: 'from-file' } } }));
    expect((await loadServerConfig(file, { KONTOR_SMTP_PASSWORD: 'from-env' })).mail?.smtp?.password).toBe('from-env');
    expect((await loadServerConfig(file, {})).mail?.smtp?.password).toBe('from-file');
  });

  it('is checked again when a config object is built in code', async () => {
    const config = parse({ from: 'service@bank.example', smtp: { host: '127.0.0.1', requireTls: false } });
    const built = { ...config, mail: { ...config.mail, smtp: { host: 'relay.bank.example', port: 25, secure: false, requireTls: false } } } as ServerConfig;
    await expect(createServer(built)).rejects.toThrow(/^mail\.smtp\.requireTls: must be true/u);
  });
});
