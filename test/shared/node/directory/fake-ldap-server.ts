import { type Socket, createServer } from 'node:net';

export interface FakeLdapServer {
  port: number;
  /** Every byte clients sent, for asserting that nothing went out in plain text. */
  received(): Buffer;
  close(): Promise<void>;
}

/** The message id of a BER-encoded LDAPMessage (SEQUENCE { INTEGER id, ... }), if readable. */
function messageId(message: Buffer): number {
  let offset = 1;
  const first = message[offset] ?? 0;
  offset += first & 0x80 ? 1 + (first & 0x7f) : 1;
  if (message[offset] !== 0x02) return 1;
  const length = message[offset + 1] ?? 1;
  return message.subarray(offset + 2, offset + 2 + length).reduce((id, byte) => id * 256 + byte, 0);
}

/** LDAPMessage { id, ExtendedResponse { resultCode, matchedDN "", diagnosticMessage "" } }. */
function extendedResponse(id: number, resultCode: number): Buffer {
  const op = Buffer.from([0x78, 0x07, 0x0a, 0x01, resultCode, 0x04, 0x00, 0x04, 0x00]);
  const idBytes = Buffer.from([0x02, 0x01, id & 0xff]);
  return Buffer.concat([Buffer.from([0x30, idBytes.length + op.length]), idBytes, op]);
}

/**
 * A server on a port that does not speak TLS: it answers the StartTLS request with
 * `resultCode` (0 = "go ahead", then keeps talking plain text; 2 = protocolError) and records
 * everything it receives.
 */
export function startFakeLdapServer(resultCode: number): Promise<FakeLdapServer> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    let answered = false;
    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      if (answered) {
        socket.write('this is not TLS\n');
        return;
      }
      answered = true;
      socket.write(extendedResponse(messageId(data), resultCode));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        received: () => Buffer.concat(chunks),
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
