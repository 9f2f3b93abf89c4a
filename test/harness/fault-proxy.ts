import { type Socket, connect, createServer } from 'node:net';

/** Client to server (requests) or server to client (answers, pushes). */
export type ProxyDirection = 'to-server' | 'to-client';

export interface ProxyCut {
  direction: ProxyDirection;
  /** Bytes forwarded in that direction, across connections, since the cut was armed. */
  afterBytes: number;
  /** Of the connection that was cut: bytes it had carried each way. */
  connectionBytes: Record<ProxyDirection, number>;
}

export interface ProxyStats {
  /** Connections accepted from clients. */
  accepted: number;
  /** Of those, how many found no server behind the proxy (it was stopped). */
  refused: number;
  cuts: number;
  bytes: Record<ProxyDirection, number>;
}

/**
 * A TCP forwarder on 127.0.0.1 for fault tests: it follows a server that comes back on another
 * port (`retarget`), cuts every connection (`dropConnections`), and cuts one connection after
 * an exact number of bytes in one direction (`cutAfter`): the bytes before the offset are
 * delivered, nothing after it, and both sides lose the connection (a request that reached the
 * server only in part, an answer that reached the client only in part).
 */
export class FaultProxy {
  private readonly connections = new Set<Socket>();
  private target: { host: string; port: number };
  private armed: { direction: ProxyDirection; left: number; afterBytes: number; resolve: (cut: ProxyCut | null) => void } | null = null;
  private readonly counters: ProxyStats = { accepted: 0, refused: 0, cuts: 0, bytes: { 'to-server': 0, 'to-client': 0 } };

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly port: number,
    target: { host: string; port: number },
  ) {
    this.target = target;
  }

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('proxy has no address'));
      });
    });
    const proxy = new FaultProxy(server, port, { host: targetHost, port: targetPort });
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${String(this.port)}`;
  }

  get stats(): ProxyStats {
    return { ...this.counters, bytes: { ...this.counters.bytes } };
  }

  /** New connections go to `port` from now on; open ones stay where they are. */
  retarget(port: number, host = '127.0.0.1'): void {
    this.target = { host, port };
  }

  /**
   * Arms a one-shot cut: counting from now across all connections, `afterBytes` bytes in
   * `direction` are delivered; the next byte is not, and the connection that would carry it is
   * cut. Resolves with what was cut, or null when disarmed first. A new cut replaces one still armed.
   */
  cutAfter(direction: ProxyDirection, afterBytes: number): Promise<ProxyCut | null> {
    this.disarm();
    return new Promise((resolve) => {
      this.armed = { direction, left: afterBytes, afterBytes, resolve };
    });
  }

  disarm(): void {
    const armed = this.armed;
    this.armed = null;
    armed?.resolve(null);
  }

  /** Cuts every open connection, as a firewall or a network change would. */
  dropConnections(): void {
    for (const socket of this.connections) socket.destroy();
  }

  async close(): Promise<void> {
    this.disarm();
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.counters.accepted += 1;
    const upstream = connect(this.target.port, this.target.host);
    const carried: Record<ProxyDirection, number> = { 'to-server': 0, 'to-client': 0 };
    let connected = false;
    upstream.once('connect', () => (connected = true));
    for (const socket of [client, upstream]) {
      this.connections.add(socket);
      socket.on('error', () => socket.destroy());
      socket.once('close', () => this.connections.delete(socket));
    }
    upstream.once('close', () => {
      if (!connected) this.counters.refused += 1;
    });
    const cut = (): void => {
      client.destroy();
      upstream.destroy();
    };
    this.relay(client, upstream, 'to-server', carried, cut);
    this.relay(upstream, client, 'to-client', carried, cut);
  }

  /** Forwards `from` to `to`, counting bytes; a clean end is passed on, anything else cuts both. */
  private relay(from: Socket, to: Socket, direction: ProxyDirection, carried: Record<ProxyDirection, number>, cut: () => void): void {
    let ended = false;
    from.on('data', (chunk: Buffer) => {
      const allowed = this.allow(direction, chunk.length);
      if (allowed < chunk.length) {
        // The cut falls inside this chunk: its head goes out, then the connection is gone.
        from.pause();
        carried[direction] += allowed;
        this.counters.bytes[direction] += allowed;
        this.fire(direction, carried);
        if (allowed === 0) cut();
        else to.write(chunk.subarray(0, allowed), cut);
        return;
      }
      carried[direction] += chunk.length;
      this.counters.bytes[direction] += chunk.length;
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
    from.once('end', () => {
      ended = true;
      to.end();
    });
    from.once('close', () => {
      if (!ended) to.destroy();
    });
  }

  /** How many of `length` bytes in `direction` may pass before the armed cut. */
  private allow(direction: ProxyDirection, length: number): number {
    const armed = this.armed;
    if (armed?.direction !== direction) return length;
    if (armed.left >= length) {
      armed.left -= length;
      return length;
    }
    return armed.left;
  }

  private fire(direction: ProxyDirection, carried: Record<ProxyDirection, number>): void {
    const armed = this.armed;
    if (!armed) return;
    this.armed = null;
    this.counters.cuts += 1;
    armed.resolve({ direction, afterBytes: armed.afterBytes, connectionBytes: { ...carried } });
  }
}
