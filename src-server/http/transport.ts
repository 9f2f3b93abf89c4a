import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { FastifyServerFactory } from 'fastify';
import { ConfigError } from '../config.js';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

/** Reads the certificate and key named in listen.tls; a missing file is a config error. */
export async function readTlsFiles(files: { certFile: string; keyFile: string }): Promise<TlsMaterial> {
  const read = async (field: string, file: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new ConfigError(`listen.tls.${field}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  };
  return { cert: await read('certFile', files.certFile), key: await read('keyFile', files.keyFile) };
}

/** HTTPS with the configured certificate (TLS 1.2 at least), or plain HTTP, which the config allows on loopback only. */
export function createRawServerFactory(tls: TlsMaterial | null): FastifyServerFactory {
  return (handler) => (tls ? https.createServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, handler) : http.createServer(handler));
}
