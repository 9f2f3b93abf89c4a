import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './free-port.js';
import type { TestPki } from './pki.js';
import { sleep, stopPid, trackPid } from './process.js';

export interface TestDovecot {
  /** The dovecot master's PID (a new one after `restart`). */
  readonly pid: number;
  host: string;
  /** Plain IMAP with STARTTLS offered. */
  imapPort: number;
  /** IMAP over TLS from the first byte, with the test PKI's server certificate (IP SAN 127.0.0.1). */
  imapsPort: number;
  /** Mailbox user → password (random per start). */
  passwords: Readonly<Record<string, string>>;
  logFile: string;
  /** Puts a message into the user's folder as a mail server's delivery would (IMAP APPEND); resolves to its UID. */
  deliver(user: string, raw: string | Buffer, options?: { folder?: string; flags?: string[] }): Promise<number>;
  /** Several messages over one connection, in order; resolves to their UIDs. */
  deliverMany(user: string, raws: readonly (string | Buffer)[], options?: { folder?: string; flags?: string[] }): Promise<number[]>;
  /** UIDs and flags of the messages in the user's folder, ascending. */
  messages(user: string, folder?: string): Promise<{ uid: number; flags: Set<string> }[]>;
  stop(): Promise<void>;
  /** Stops dovecot, runs `whileDown`, starts it again on the same ports and mail; resolves when it answers. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

/** Who dovecot's processes and the mail files run as: dovecot's own users under root, oneself otherwise. */
function accounts(): { internalUser: string; loginUser: string; mailUid: number; mailGid: number } {
  const me = userInfo();
  if (me.uid !== 0) return { internalUser: me.username, loginUser: me.username, mailUid: me.uid, mailGid: me.gid };
  const entry = readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith('dovecot:'));
  const [, , uid, gid] = entry?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('the system has no "dovecot" user (is dovecot-imapd installed?)');
  // Dovecot refuses mail access as root; its own user owns the test mail.
  return { internalUser: 'dovecot', loginUser: 'dovenull', mailUid: Number(uid), mailGid: Number(gid) };
}

function configuration(runDir: string, pki: TestPki, ports: { imap: number; imaps: number }, internalUser: string, loginUser: string): string {
  return `# A private dovecot for one test file; nothing of /etc/dovecot is read.
base_dir = ${runDir}/run
state_dir = ${runDir}/state
instance_name = kontor-test-${path.basename(runDir)}
protocols = imap
listen = 127.0.0.1
log_path = ${runDir}/dovecot.log
default_internal_user = ${internalUser}
default_internal_group = ${internalUser}
default_login_user = ${loginUser}
first_valid_uid = 1
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests log in with wrong passwords on purpose: no delay (nodelay in the users file, below) and
# no growing penalty per address.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
ssl = yes
ssl_cert = <${pki.serverCertFile}
ssl_key = <${pki.serverKeyFile}
ssl_min_protocol = TLSv1.2
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${runDir}/users
}
userdb {
  driver = passwd-file
  args = ${runDir}/users
}
mail_location = maildir:~/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${ports.imaps}
    ssl = yes
  }
}
`;
}

/**
 * One private dovecot in `runDir` with a mailbox per user name, listening on 127.0.0.1 on two
 * free ports (imap with STARTTLS, imaps). Started per test file: it is up in well under a second.
 */
export async function startDovecot(runDir: string, pki: TestPki, users: readonly string[] = ['servicedesk', 'wertpapiere']): Promise<TestDovecot> {
  chmodSync(runDir, 0o755);
  const { internalUser, loginUser, mailUid, mailGid } = accounts();
  const mailDir = path.join(runDir, 'mail');
  mkdirSync(mailDir, { recursive: true });
  chownSync(mailDir, mailUid, mailGid);
  const passwords = Object.fromEntries(users.map((user) => [user, randomBytes(9).toString('hex')]));
  writeFileSync(path.join(runDir, 'users'), users.map((user) => `${user}:{PLAIN}${passwords[user] ?? ''}:${mailUid}:${mailGid}::${mailDir}/${user}::nodelay=yes\n`).join(''), { mode: 0o644 });
  const ports = { imap: await freePort(), imaps: await freePort() };
  const confFile = path.join(runDir, 'dovecot.conf');
  writeFileSync(confFile, configuration(runDir, pki, ports, internalUser, loginUser));
  const logFile = path.join(runDir, 'dovecot.log');
  const host = '127.0.0.1';
  const firstUser = users[0];
  if (firstUser === undefined) throw new Error('startDovecot needs at least one user');
  const probe = { host, port: ports.imap, user: firstUser, password: passwords[firstUser] ?? '' };
  let pid = await runDovecot(confFile, logFile, probe);

  const connect = async (user: string): Promise<ImapFlow> => {
    const client = new ImapFlow({ host, port: ports.imap, secure: false, doSTARTTLS: false, auth: { user, pass: passwords[user] ?? '' }, logger: false, disableAutoIdle: true });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const deliverMany = async (user: string, raws: readonly (string | Buffer)[], options: { folder?: string; flags?: string[] } = {}): Promise<number[]> => {
    const client = await connect(user);
    try {
      const folder = options.folder ?? 'INBOX';
      if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
      const uids: number[] = [];
      for (const raw of raws) {
        const result = await client.append(folder, raw, options.flags ?? []);
        if (result === false || result.uid === undefined) throw new Error(`dovecot did not take the message for ${user}`);
        uids.push(result.uid);
      }
      return uids;
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  return {
    get pid() {
      return pid;
    },
    host, imapPort: ports.imap, imapsPort: ports.imaps, passwords, logFile,
    async deliver(user, raw, options = {}) {
      const [uid] = await deliverMany(user, [raw], options);
      if (uid === undefined) throw new Error(`dovecot did not take the message for ${user}`);
      return uid;
    },
    deliverMany,
    async messages(user, folder = 'INBOX') {
      const client = await connect(user);
      try {
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          const found: { uid: number; flags: Set<string> }[] = [];
          if (client.mailbox !== false && client.mailbox.exists > 0) {
            for await (const message of client.fetch('1:*', { uid: true, flags: true })) found.push({ uid: message.uid, flags: message.flags ?? new Set() });
          }
          return found.sort((a, b) => a.uid - b.uid);
        } finally {
          lock.release();
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
    stop: () => stopPid(pid),
    async restart(whileDown) {
      await stopPid(pid);
      await whileDown?.();
      await Promise.all([untilFree(ports.imap), untilFree(ports.imaps)]);
      pid = await runDovecot(confFile, logFile, probe);
    },
  };
}

/** Starts dovecot in the foreground (the PID is the master's own); resolves with it once a login succeeds. */
async function runDovecot(confFile: string, logFile: string, probe: { host: string; port: number; user: string; password: string }): Promise<number> {
  const log = openSync(logFile, 'a');
  const child = spawn('dovecot', ['-F', '-c', confFile], { stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('dovecot did not start');
  trackPid(pid);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    const client = new ImapFlow({ host: probe.host, port: probe.port, secure: false, doSTARTTLS: false, auth: { user: probe.user, pass: probe.password }, logger: false, disableAutoIdle: true, connectionTimeout: 2000, greetingTimeout: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.logout();
      return pid;
    } catch (error) {
      client.close();
      if (Date.now() > deadline) {
        await stopPid(pid);
        throw new Error(`dovecot did not answer on ${probe.host}:${probe.port}: ${String(error)}`, { cause: error });
      }
      await sleep(50);
    }
  }
}

/** Resolves once nothing listens on the port any more (dovecot's login processes may outlive the master for a moment). */
async function untilFree(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return;
    if (Date.now() > deadline) throw new Error(`port ${port} is still taken after dovecot stopped`);
    await sleep(50);
  }
}
