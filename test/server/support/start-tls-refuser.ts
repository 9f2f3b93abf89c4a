import { createServer, type Socket } from 'node:net';

/** LDAP protocol-operation tags (RFC 4511, [APPLICATION n]) the tests look for. */
export const ldapOperation = { bindRequest: 0x60, unbindRequest: 0x42, searchRequest: 0x63, extendedRequest: 0x77 } as const;

export interface StartTlsRefuser {
  url: string;
  /** The protocol-operation tag of every LDAP message received, in order. */
  operations: number[];
  close(): Promise<void>;
}

/** Reads a BER length at `offset`: [value, bytes used], or null if the buffer is too short. */
function berLength(buffer: Buffer, offset: number): [number, number] | null {
  const first = buffer[offset];
  if (first === undefined) return null;
  if (first < 0x80) return [first, 1];
  const count = first & 0x7f;
  if (buffer.length < offset + 1 + count) return null;
  let value = 0;
  for (let i = 0; i < count; i += 1) value = value * 256 + (buffer[offset + 1 + i] ?? 0);
  return [value, 1 + count];
}

function extendedResponse(messageId: Buffer, resultCode: number, diagnostic: string): Buffer {
  const text = Buffer.from(diagnostic, 'utf8');
  const body = Buffer.concat([Buffer.from([0x0a, 0x01, resultCode, 0x04, 0x00, 0x04, text.length]), text]);
  const operation = Buffer.concat([Buffer.from([0x78, body.length]), body]);
  const id = Buffer.concat([Buffer.from([0x02, messageId.length]), messageId]);
  return Buffer.concat([Buffer.from([0x30, id.length + operation.length]), id, operation]);
}

/**
 * A plain-TCP "LDAP server" that answers StartTLS with `unavailable` (52), as a directory
 * without TLS or a meddling middlebox would, and records everything a client sends after
 * that. A client that falls back to plain LDAP shows up as a bind or search in `operations`.
 */
export function startStartTlsRefuser(): Promise<StartTlsRefuser> {
  const operations: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const length = berLength(pending, 1);
        if (pending[0] !== 0x30 || length === null || pending.length < 1 + length[1] + length[0]) return;
        const message = pending.subarray(0, 1 + length[1] + length[0]);
        pending = pending.subarray(message.length);
        const idStart = 1 + length[1];
        const idLength = message[idStart + 1] ?? 0;
        const messageId = message.subarray(idStart + 2, idStart + 2 + idLength);
        const tag = message[idStart + 2 + idLength] ?? 0;
        operations.push(tag);
        if (tag === ldapOperation.extendedRequest) socket.write(extendedResponse(messageId, 52, 'StartTLS not available'));
        else socket.destroy();
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) {
        reject(new Error('no address'));
        return;
      }
      resolve({
        url: `ldap://127.0.0.1:${address.port}`,
        operations,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
