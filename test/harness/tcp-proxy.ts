import { type Socket, connect, createServer } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Cuts every open connection (both sides), as a firewall or a server restart would. */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * A TCP forwarder on 127.0.0.1 to `host:port`. Tests point a client at it and cut its
 * connections mid-session, without disturbing the shared server behind it. `listenPort` lets a
 * test start it again where clients expect it (the server "comes back").
 */
export function startTcpProxy(host: string, port: number, listenPort = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(port, host);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  const dropConnections = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || !address) {
        reject(new Error('proxy has no address'));
        return;
      }
      resolve({
        port: address.port,
        dropConnections,
        close: () =>
          new Promise<void>((done) => {
            dropConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
