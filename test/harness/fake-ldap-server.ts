import { createServer, type Socket } from 'node:net';

/** LDAP protocol-operation tags (RFC 4511, [APPLICATION n]) the tests look for. */
export const ldapOperation = { bindRequest: 0x60, unbindRequest: 0x42, searchRequest: 0x63, extendedRequest: 0x77 } as const;

/** LDAP result codes (RFC 4511) the fake answers StartTLS with. */
export const ldapResultCode = { success: 0, protocolError: 2, unavailable: 52 } as const;

export interface FakeLdapServer {
  /** ldap:// URL of the fake (use with startTls: true). */
  url: string;
  /** Every byte clients sent, for asserting that nothing went out in plain text. */
  received(): Buffer;
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

/** LDAPMessage { messageId, ExtendedResponse { resultCode, matchedDN "", diagnosticMessage } }. */
function extendedResponse(messageId: Buffer, resultCode: number, diagnostic: string): Buffer {
  const text = Buffer.from(diagnostic, 'utf8');
  const body = Buffer.concat([Buffer.from([0x0a, 0x01, resultCode, 0x04, 0x00, 0x04, text.length]), text]);
  const operation = Buffer.concat([Buffer.from([0x78, body.length]), body]);
  const id = Buffer.concat([Buffer.from([0x02, messageId.length]), messageId]);
  return Buffer.concat([Buffer.from([0x30, id.length + operation.length]), id, operation]);
}

/**
 * A plain-TCP "LDAP server" for the tests that StartTLS is never downgraded. It answers the
 * StartTLS request with `resultCode`: `success` and then no TLS (what the client sends as a
 * handshake gets plain text back), or a refusal such as `unavailable`, as a directory without
 * TLS or a meddling middlebox would. Any other LDAP operation ends the connection. It records
 * everything clients send: a client that falls back to plain LDAP shows up as a bind or search
 * in `operations` and with its secrets in `received()`.
 */
export function startFakeLdapServer(resultCode: number): Promise<FakeLdapServer> {
  const chunks: Buffer[] = [];
  const operations: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      pending = Buffer.concat([pending, chunk]);
      while (pending.length > 0) {
        if (pending[0] !== 0x30) {
          // Not an LDAPMessage: a TLS handshake after StartTLS was accepted.
          pending = Buffer.alloc(0);
          socket.write('this is not TLS\n');
          return;
        }
        const length = berLength(pending, 1);
        if (length === null || pending.length < 1 + length[1] + length[0]) return;
        const message = pending.subarray(0, 1 + length[1] + length[0]);
        pending = pending.subarray(message.length);
        const idStart = 1 + length[1];
        const idLength = message[idStart + 1] ?? 0;
        const messageId = message.subarray(idStart + 2, idStart + 2 + idLength);
        const tag = message[idStart + 2 + idLength] ?? 0;
        operations.push(tag);
        if (tag !== ldapOperation.extendedRequest) {
          socket.destroy();
          return;
        }
        socket.write(extendedResponse(messageId, resultCode, resultCode === ldapResultCode.success ? '' : 'StartTLS not available'));
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
        received: () => Buffer.concat(chunks),
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
