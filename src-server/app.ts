import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createDirectory } from '../src-shared/node/directory/index.js';
import type { Directory } from '../src-shared/node/directory/types.js';
import { pruneAuthRecords } from './auth/housekeeping.js';
import { MembershipRefresh } from './auth/membership-refresh.js';
import { ConfigError, listenProblem, type ServerConfig } from './config.js';
import { applyQueuesAtStart } from './config/apply-config.js';
import { startDirectorySync, type DirectorySyncSchedule } from './directory-sync/scheduler.js';
import { SlaTimer } from './domain/sla-timer.js';
import { seedDemoIfEmpty } from './seed/demo-seed.js';
import { urlHost } from './config/loopback.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/open.js';
import { Sequencer } from './sync/sequencer.js';
import { buildHttpApp } from './http/build-app.js';
import { readTlsFiles } from './http/transport.js';
import { smtpProblem } from './mail/config.js';
import { MailSender } from './mail/sender.js';
import { imapTransportProblem } from './mail-in/config.js';
import { createMailIn, type MailIn } from './mail-in/mail-in.js';
import { mutationMailTarget } from './mail-in/mutation-target.js';
import { mutationDependencies } from './sync/mutations/dependencies.js';
import { createMailTransport, type MailTransport } from './mail/transport.js';

export interface ServerOptions {
  /** The server's clock (session expiry, throttle windows, audit times); tests move it. */
  now?: () => Date;
  /** Where log lines go; stderr by default, because stdout carries the launcher's one JSON line. */
  logStream?: NodeJS.WritableStream;
}

export interface KontorServer {
  readonly app: FastifyInstance;
  /** The migrated database the server uses (for tests and background jobs in the same process). */
  readonly db: Database;
  /** Re-reads agents' group memberships every few minutes (started with listen()); tests call refreshNow(). */
  readonly membershipRefresh: MembershipRefresh;
  /** Records SLA warnings and breaches as their instants pass (started with listen()); tests call runNow(). */
  readonly slaTimer: SlaTimer;
  /** Sends the mail outbox (started with listen()); tests call runNow(). */
  readonly mailSender: MailSender;
  /** Polls the queues' mailboxes (started with listen()); null without `mailIn`. Tests call pollNow(). */
  readonly mailIn: MailIn | null;
  /** The scheduled directory sync: null before listen() and when `directory.syncIntervalMinutes` is 0. */
  readonly directorySync: DirectorySyncSchedule | null;
  /** The base URL, e.g. http://127.0.0.1:41234; throws before `listen()` has resolved. */
  readonly url: string;
  /** Starts listening on the configured host and port (0 = a free port); resolves to the URL. */
  listen(): Promise<string>;
  /** Stops listening (running requests finish), then closes the directory and the database. Safe to call twice. */
  close(): Promise<void>;
}

const housekeepingIntervalMs = 10 * 60_000;

/** Builds Kontor Server: opens and migrates the database, creates the service-account directory, adds routes. */
export async function createServer(config: ServerConfig, options: ServerOptions = {}): Promise<KontorServer> {
  // Checked again here because a config object may be built in code, past the file loader.
  const problem = listenProblem(config.listen);
  if (problem) throw new ConfigError(`listen.tls: ${problem}`);
  const smtp = config.mail?.smtp;
  const plainSmtp = smtp ? smtpProblem(smtp) : null;
  if (plainSmtp) throw new ConfigError(`mail.smtp.requireTls: ${plainSmtp}`);
  config.mailIn?.mailboxes.forEach((mailbox, index) => {
    const plainImap = imapTransportProblem(mailbox.imap);
    if (plainImap) throw new ConfigError(`mailIn.mailboxes.${String(index)}.imap.secure: ${plainImap}`);
  });
  const tls = config.listen.tls ? await readTlsFiles(config.listen.tls) : null;
  const now = options.now ?? (() => new Date());
  const timeouts = {
    idleMs: config.sessions.idleTimeoutMinutes * 60_000,
    absoluteMs: config.sessions.absoluteTimeoutHours * 3_600_000,
  };

  // The logger comes with the HTTP app, after the database is open; connection errors before
  // that reach the caller as the failure to open.
  let reportConnectionError = (_error: Error, _where: string): void => undefined;
  const db = await openDatabase(config.database, { onConnectionError: (error, where) => reportConnectionError(error, where) });
  // Numbers committed changes for the feed; started with listen(), so a server built only to
  // inspect (tests, apply-config) does not stamp.
  const sequencer = new Sequencer(db, (error) => app.log.error({ err: error }, 'stamping changes failed'));
  let directory: Directory | null = null;
  let app: FastifyInstance;
  let mailTransport: MailTransport;
  try {
    directory = serviceDirectory(config.directory);
    app = buildHttpApp({ config, db, directory, tls, timeouts, now, logStream: options.logStream ?? process.stderr, sequencer });
    const log = app.log;
    reportConnectionError = (error, where) => log.warn({ err: error, where }, 'database connection failed or was ended by PostgreSQL; going on with a new one');
    mailTransport = await createMailTransport(config.mail, app.log);
    await applyQueuesAtStart(db, config, app.log);
    if (config.demoSeed) {
      const seeded = await seedDemoIfEmpty(db, config.demoSeed, now());
      if (seeded) app.log.info({ ...seeded }, `seeded the demo bank: ${String(seeded.tickets)} tickets, ${String(seeded.articles)} articles in ${seeded.seconds.toFixed(1)} s`);
    }
  } catch (error) {
    await directory?.close();
    await db.close();
    throw error;
  }
  const openDirectory = directory;
  const membershipRefresh = new MembershipRefresh({ db, directory: openDirectory, roles: config.roles, now, log: app.log });
  const slaTimer = new SlaTimer({ db, now, log: app.log, intervalMs: config.sla.timerIntervalSeconds * 1000 });
  const mailSender = new MailSender({
    db,
    transport: mailTransport,
    log: app.log,
    intervalMs: (config.mail?.sendIntervalSeconds ?? 30) * 1000,
    maxAttempts: config.mail?.maxAttempts ?? 10,
    retryInitialMs: (config.mail?.retryInitialSeconds ?? 60) * 1000,
    secrets: config.mail?.smtp?.password === undefined ? [] : [config.mail.smtp.password],
  });
  // Mail into the queues' mailboxes becomes the customers' own mutations (docs/mail-in.md).
  const mailIn: MailIn | null = config.mailIn
    ? createMailIn({
        config: config.mailIn,
        // Kontor's own sender addresses: a mail from one is one of ours come back, never taken in.
        senders: config.mail ? [config.mail.from, ...Object.values(config.mail.senders)] : [],
        db,
        target: mutationMailTarget(mutationDependencies({ config, db, directory: openDirectory, stampChanges: () => sequencer.stamp() }), now),
        log: app.log,
        now,
      })
    : null;

  const housekeeping = setInterval(() => {
    pruneAuthRecords(db, now(), config.throttle).catch((error: unknown) => app.log.warn({ err: error }, 'pruning login records failed'));
  }, housekeepingIntervalMs);
  housekeeping.unref();

  let directorySync: DirectorySyncSchedule | null = null;
  let url: string | null = null;
  let closing: Promise<void> | null = null;
  return {
    app,
    db,
    membershipRefresh,
    slaTimer,
    mailSender,
    mailIn,
    get directorySync() {
      return directorySync;
    },
    get url() {
      if (url === null) throw new Error('Kontor Server is not listening yet');
      return url;
    },
    async listen() {
      await sequencer.start();
      membershipRefresh.start();
      const { syncIntervalMinutes } = config.directory;
      if (syncIntervalMinutes > 0) {
        directorySync ??= startDirectorySync({ db, directory: openDirectory, config, log: app.log, intervalMs: syncIntervalMinutes * 60_000, now });
      }
      slaTimer.start();
      await mailSender.start();
      mailIn?.start();
      app.log.info({ transport: mailSender.description }, 'sending mail from the outbox');
      await app.listen({ host: config.listen.host, port: config.listen.port });
      const { port } = app.server.address() as AddressInfo;
      url = `${tls ? 'https' : 'http'}://${urlHost(displayHost(config.listen.host))}:${port}`;
      return url;
    },
    close() {
      closing ??= (async () => {
        clearInterval(housekeeping);
        await app.close();
        await mailIn?.stop();
        // Before the sequencer stops, so that a run in progress has its change rows stamped.
        await directorySync?.stop();
        await sequencer.stop();
        await membershipRefresh.stop();
        await slaTimer.stop();
        await mailSender.stop();
        await openDirectory.close();
        await db.close();
      })();
      return closing;
    },
  };
}

/** The directory as the server uses it: LDAP bound as the service account, or the demo LDIF. */
function serviceDirectory(config: ServerConfig['directory']): Directory {
  return config.kind === 'ldap'
    ? createDirectory(config, { dn: config.serviceDn, password: config.servicePassword })
    : createDirectory(config);
}

/** A wildcard listen address is not a place to connect to; this machine is. */
function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
