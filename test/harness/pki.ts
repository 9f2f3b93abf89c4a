import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestPki {
  caFile: string;
  /** A CA that signed nothing we serve: clients configured with it must refuse our servers. */
  foreignCaFile: string;
  serverCertFile: string;
  serverKeyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function createCa(dir: string, name: string, subject: string): void {
  openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3', '-subj', subject,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ], dir);
}

/**
 * A test CA, a server certificate for 127.0.0.1 (IP SAN, as clients connect by address) and
 * localhost signed by it, and an unrelated foreign CA. Files are world-readable so that
 * servers running as another user (slapd, postgres) can read them; the folder is temporary.
 */
export function createTestPki(dir: string): TestPki {
  createCa(dir, 'ca', '/O=Kontor Test/CN=Kontor Test CA');
  createCa(dir, 'foreign-ca', '/O=Somebody Else/CN=Foreign Test CA');
  writeFileSync(path.join(dir, 'server.ext'), [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '',
  ].join('\n'));
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/O=Kontor Test/CN=127.0.0.1'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '2',
    '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem'], dir);
  const pki = {
    caFile: path.join(dir, 'ca.pem'),
    foreignCaFile: path.join(dir, 'foreign-ca.pem'),
    serverCertFile: path.join(dir, 'server.pem'),
    serverKeyFile: path.join(dir, 'server.key'),
  };
  for (const file of Object.values(pki)) chmodSync(file, 0o644);
  chmodSync(dir, 0o755);
  return pki;
}
