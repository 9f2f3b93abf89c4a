import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { freePort } from './free-port.js';

/** How the receiver treats a new connection: take mail, answer 421 and hang up, or cut it without a word. */
export type ReceiverMode = 'accept' | 'refuse' | 'drop';

export interface ReceivedMessage {
  /** The message as it came over the wire (parse it with mailparser's simpleParser). */
  raw: Buffer;
  mailFrom: string;
  rcptTo: string[];
  /** Whether the conversation ran over TLS (implicit or after STARTTLS). */
  secure: boolean;
  /** The user who authenticated, if any. */
  user: string | null;
}

export interface SmtpReceiverOptions {
  /** Certificate and key (PEM files): STARTTLS is offered with them; without, there is no STARTTLS at all. */
  tls?: { certFile: string; keyFile: string };
  /** Credentials the receiver requires (PLAIN or LOGIN); without, no AUTH. */
  auth?: { user: string; password: string };
  mode?: ReceiverMode;
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port that keeps what it receives. */
export interface SmtpReceiver {
  readonly host: string;
  readonly port: number;
  readonly messages: readonly ReceivedMessage[];
  /** Connections refused or dropped by the mode. */
  readonly turnedAway: number;
  setMode(mode: ReceiverMode): void;
  /** Answers RCPT TO for `address` with `code` (450: try later, 550: never) until `acceptRecipient`. */
  refuseRecipient(address: string, code: number): void;
  acceptRecipient(address: string): void;
  /** Waits before answering each message's DATA (a slow relay: senders overlap). */
  setDataDelay(ms: number): void;
  /**
   * Runs once a message is kept and before its DATA is answered with 250, awaited (null: none):
   * a test kills the sender there, which then never hears that the relay took the mail.
   */
  beforeAccepting(hook: (() => Promise<void>) | null): void;
  /** Resolves with the messages once at least `count` arrived; rejects after `withinMs`. */
  waitForMessages(count: number, withinMs?: number): Promise<readonly ReceivedMessage[]>;
  /** Resolves once at least `count` connections were turned away; rejects after `withinMs`. */
  waitForTurnedAway(count: number, withinMs?: number): Promise<void>;
  stop(): Promise<void>;
}

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMessage[] = [];
  const refusedRecipients = new Map<string, number>();
  const waiters = new Set<() => void>();
  const notify = (): void => waiters.forEach((waiter) => waiter());
  let mode: ReceiverMode = options.mode ?? 'accept';
  let dataDelayMs = 0;
  let turnedAway = 0;
  let acceptHook: (() => Promise<void>) | null = null;

  const serverOptions: SMTPServerOptions = {
    name: 'receiver.test',
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 200,
    ...(options.tls ? { key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) } : {}),
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
    authOptional: options.auth === undefined,
    // Over plain loopback in tests without TLS; with TLS, AUTH only after STARTTLS.
    allowInsecureAuth: options.tls === undefined,
    onAuth(auth, _session, callback) {
      const expected = options.auth;
      if (expected && auth.username === expected.user && auth.password === expected.password) callback(null, { user: auth.username });
      else callback(new SmtpError('authentication failed', 535));
    },
    onConnect(_session, callback) {
      if (mode === 'refuse') {
        turnedAway += 1;
        notify();
        callback(new SmtpError('service not available, try again later', 421));
        return;
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      const code = refusedRecipients.get(address.address.toLowerCase());
      callback(code === undefined ? null : new SmtpError(`mailbox ${address.address} refused by the test`, code));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const keep = (): void => {
          const from = session.envelope.mailFrom;
          messages.push({
            raw: Buffer.concat(chunks),
            mailFrom: from === false ? '' : from.address,
            rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            secure: session.secure,
            user: typeof session.user === 'string' ? session.user : null,
          });
          notify();
          if (acceptHook === null) callback();
          else void acceptHook().then(() => callback(), (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
        };
        if (dataDelayMs > 0) setTimeout(keep, dataDelayMs);
        else keep();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  // Logged by the test that fails on it; a dropped connection's reset must not end the run.
  server.on('error', () => undefined);
  server.server.prependListener('connection', (socket: Socket) => {
    if (mode !== 'drop') return;
    turnedAway += 1;
    notify();
    socket.destroy();
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  const waitFor = (condition: () => boolean, what: string, withinMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      if (condition()) {
        resolve();
        return;
      }
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`SMTP receiver: timed out after ${String(withinMs)} ms waiting for ${what}`));
      }, withinMs);
      waiters.add(check);
    });

  return {
    host: '127.0.0.1',
    port,
    messages,
    get turnedAway() {
      return turnedAway;
    },
    setMode(next) {
      mode = next;
    },
    refuseRecipient(address, code) {
      refusedRecipients.set(address.toLowerCase(), code);
    },
    acceptRecipient(address) {
      refusedRecipients.delete(address.toLowerCase());
    },
    setDataDelay(ms) {
      dataDelayMs = ms;
    },
    beforeAccepting(hook) {
      acceptHook = hook;
    },
    async waitForMessages(count, withinMs = 15_000) {
      await waitFor(() => messages.length >= count, `${String(count)} messages (have ${String(messages.length)})`, withinMs);
      return messages;
    },
    waitForTurnedAway(count, withinMs = 15_000) {
      return waitFor(() => turnedAway >= count, `${String(count)} connections turned away`, withinMs);
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
