import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { rightSchema } from '../src-shared/permissions.js';
import { queueConfigSchema, queueListProblems, queueNameSchema } from './config/queues.js';
import { calendarConfigSchema, slaConfigProblems, slaConfigSchema } from './config/slas.js';
import {
  directoryMappingSchema,
  ldapDirectoryConfigSchema,
  ldifDirectoryConfigSchema,
} from '../src-shared/node/directory/config.js';
import { DnSyntaxError, normaliseDn } from '../src-shared/node/directory/dn.js';
import { describeIssues } from './config/issues.js';
import { isLoopbackHost } from './config/loopback.js';
import { mailInConfigSchema, mailInQueueProblems, resolveMailInPaths } from './mail-in/config.js';
import { mailConfigSchema, mailSenderProblems } from './mail/config.js';

/** A configuration the server refuses to start with; the message names the file and field. */
export class ConfigError extends Error {}

const fileSchema = z.string().min(1);

const listenSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port (the embedded default; the launcher reads the port from stdout). */
  port: z.number().int().min(0).max(65535),
  tls: z.strictObject({ certFile: fileSchema, keyFile: fileSchema }).optional(),
  /** Addresses of reverse proxies whose X-Forwarded-For is believed (for per-address throttling). */
  trustedProxies: z.array(z.string().min(1)).default([]),
});

const databaseSchema = z.strictObject({
  /** postgres://… — PostgreSQL through pg. Without it the server runs on PGlite. */
  url: z.string().min(1).optional(),
  /** PGlite data folder; without it PGlite runs in memory and forgets everything on exit. */
  pgliteDir: fileSchema.optional(),
  /** PostgreSQL ends a session that stays idle inside a transaction this long (a stalled instance must not hold locks). */
  idleInTransactionTimeoutSeconds: z.number().int().positive().max(3600).default(30),
});

// The shared directory schemas strip unknown keys; a server config file is strict so that a
// misspelt option is reported instead of silently ignored. The server needs a service account.
const serverDirectoryFields = {
  mapping: directoryMappingSchema.strict(),
  /** Minutes between scheduled directory syncs (the first at start); 0: only `sync-directory` on demand. */
  syncIntervalMinutes: z.number().int().min(0).max(24 * 60).default(15),
};
const directorySchema = z.discriminatedUnion('kind', [
  ldapDirectoryConfigSchema.extend({ serviceDn: z.string().min(1), servicePassword: z.string().min(1), ...serverDirectoryFields }).strict(),
  ldifDirectoryConfigSchema.extend(serverDirectoryFields).strict(),
]);

const sessionsSchema = z
  .strictObject({
    idleTimeoutMinutes: z.number().int().positive().max(24 * 60).default(30),
    absoluteTimeoutHours: z.number().positive().max(24 * 31).default(12),
  })
  .refine((s) => s.idleTimeoutMinutes <= s.absoluteTimeoutHours * 60, {
    path: ['idleTimeoutMinutes'],
    error: 'must not be longer than absoluteTimeoutHours',
  });

const throttleRuleSchema = z.strictObject({
  maxFailures: z.number().int().positive(),
  windowMinutes: z.number().positive().max(24 * 60),
});

const throttleSchema = z.strictObject({
  perUsername: throttleRuleSchema.prefault({ maxFailures: 5, windowMinutes: 15 }),
  perAddress: throttleRuleSchema.prefault({ maxFailures: 50, windowMinutes: 15 }),
});

const roleSchema = z.strictObject({
  name: z.string().min(1),
  /** Group cn or DN, compared case-insensitively (DNs after normalisation). */
  ldapGroups: z.array(z.string().min(1)).min(1),
  /** Kontor group (the group a queue belongs to) → rights this role grants there. */
  grants: z.record(z.string().min(1), z.array(rightSchema)),
});
export type RoleConfig = z.infer<typeof roleSchema>;

export const serverConfigSchema = z
  .strictObject({
    listen: listenSchema,
    database: databaseSchema.prefault({}),
    directory: directorySchema,
    sessions: sessionsSchema.prefault({}),
    throttle: throttleSchema.prefault({}),
    roles: z.array(roleSchema).min(1),
    /**
     * The whole list of queues, applied at start and by `apply-config`. Without this section
     * the queues in the database stay as they are (docs/configuration-queues.md).
     */
    queues: z.array(queueConfigSchema).optional(),
    /** Business calendars SLAs count on; `24/7` (every minute) needs no entry (docs/configuration-queues.md). */
    calendars: z.array(calendarConfigSchema).default([]),
    /** SLAs that queues name by `sla`; applied with the queues. */
    slas: z.array(slaConfigSchema).default([]),
    /** How often each instance looks for passed SLA warning and due instants (one instance works at a time). */
    sla: z.strictObject({ timerIntervalSeconds: z.number().int().min(1).max(3600).default(15) }).prefault({}),
    /**
     * A generated bank seeded into an empty database at start (the embedded default): the
     * generator's seed, tickets over the last `days` days. The configuration must hold the
     * bank's queues, SLAs and calendars, and its directory the bank's people.
     */
    demoSeed: z.strictObject({ seed: z.string().min(1), tickets: z.number().int().positive().max(20_000), days: z.number().int().positive().max(730).default(365) }).optional(),
    /** E-mail to customers (docs/mail.md); without it mails are written to the log instead of sent. */
    mail: mailConfigSchema.optional(),
    /**
     * What customers may do themselves, in the portal and by e-mail (docs/customer-actions.md):
     * the queues (by exact name) they may open tickets in, and whether they may close their own
     * requests. Without the section they open tickets nowhere and close nothing. The portal's
     * own settings (docs/portal.md): which SLA instants its ticket view shows, and how many
     * writes and searches one customer user may send per minute.
     */
    customers: z
      .strictObject({
        queues: z.array(queueNameSchema).default([]),
        mayClose: z.boolean().default(false),
        showDueDates: z.strictObject({ firstResponse: z.boolean().default(true), solution: z.boolean().default(true) }).prefault({}),
        rateLimits: z
          .strictObject({
            writesPerMinute: z.number().int().positive().max(10_000).default(20),
            searchesPerMinute: z.number().int().positive().max(10_000).default(30),
          })
          .prefault({}),
      })
      .prefault({}),
    /** Tickets and follow-ups from the queues' mailboxes (docs/mail-in.md); without it mail-in is off. */
    mailIn: mailInConfigSchema.optional(),
    logging: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info') }).prefault({}),
  })
  .superRefine((config, ctx) => {
    const problem = listenProblem(config.listen);
    if (problem) ctx.addIssue({ code: 'custom', path: ['listen', 'tls'], message: problem });
    const seen = new Set<string>();
    config.roles.forEach((role, index) => {
      if (seen.has(role.name)) ctx.addIssue({ code: 'custom', path: ['roles', index, 'name'], message: `duplicate role name "${role.name}"` });
      seen.add(role.name);
      role.ldapGroups.forEach((group, groupIndex) => {
        if (!group.includes('=')) return;
        try {
          normaliseDn(group);
        } catch (error) {
          if (!(error instanceof DnSyntaxError)) throw error;
          ctx.addIssue({ code: 'custom', path: ['roles', index, 'ldapGroups', groupIndex], message: 'is neither a group name nor a valid DN' });
        }
      });
    });
    for (const problem of queueListProblems(config.queues ?? [])) ctx.addIssue({ code: 'custom', path: ['queues', ...problem.path], message: problem.message });
    for (const problem of slaConfigProblems(config.calendars, config.slas, config.queues ?? [])) ctx.addIssue({ code: 'custom', ...problem });
    if (config.queues) {
      const names = new Set(config.queues.map((queue) => queue.name));
      config.customers.queues.forEach((name, index) => {
        if (!names.has(name)) ctx.addIssue({ code: 'custom', path: ['customers', 'queues', index], message: `queue "${name}" is not in the list of queues` });
      });
      if (config.mailIn) {
        for (const problem of mailInQueueProblems(config.mailIn, names)) ctx.addIssue({ code: 'custom', path: ['mailIn', ...problem.path], message: problem.message });
      }
      if (config.mail) {
        for (const problem of mailSenderProblems(config.mail, names)) ctx.addIssue({ code: 'custom', path: ['mail', ...problem.path], message: problem.message });
      }
    }
    // A mail makes a ticket as its customer would in the portal: only in a queue opened to customers.
    config.mailIn?.mailboxes.forEach((mailbox, index) => {
      if (!config.customers.queues.includes(mailbox.queue)) {
        ctx.addIssue({ code: 'custom', path: ['mailIn', 'mailboxes', index, 'queue'], message: `queue "${mailbox.queue}" must be one of customers.queues: mail opens tickets as the customer` });
      }
    });
  });

export type ServerConfig = z.output<typeof serverConfigSchema>;
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

/** Why this listen section must not be used, or null: plain HTTP only on loopback. */
export function listenProblem(listen: { host: string; tls?: unknown }): string | null {
  if (listen.tls !== undefined || isLoopbackHost(listen.host)) return null;
  return `required because listen.host "${listen.host}" is not a loopback address (plain HTTP is allowed on loopback only)`;
}

/** Validates a parsed config object and resolves its relative paths against `baseDir`. */
export function parseServerConfig(raw: unknown, baseDir: string, source = 'config'): ServerConfig {
  const result = serverConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`${source}: ${describeIssues(result.error, '(top level)')}`);
  return resolvePaths(result.data, baseDir);
}

/**
 * Reads a JSON config file. Secrets may come from the environment instead of the file:
 * KONTOR_DATABASE_URL, KONTOR_DIRECTORY_SERVICE_PASSWORD and KONTOR_SMTP_PASSWORD override their fields.
 */
export async function loadServerConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<ServerConfig> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${absolute}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${absolute} is not valid JSON: ${(error as Error).message}`);
  }
  return parseServerConfig(withEnvironment(raw, env), path.dirname(absolute), `config file ${absolute}`);
}

function withEnvironment(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (!isRecord(raw)) return raw;
  const result: Record<string, unknown> = { ...raw };
  const databaseUrl = env['KONTOR_DATABASE_URL'];
  if (databaseUrl) result['database'] = { ...(isRecord(raw['database']) ? raw['database'] : {}), url: databaseUrl };
  const servicePassword = env['KONTOR_DIRECTORY_SERVICE_PASSWORD'];
  if (servicePassword && isRecord(raw['directory']) && raw['directory']['kind'] === 'ldap') result['directory'] = { ...raw['directory'], servicePassword };
  const smtpPassword = env['KONTOR_SMTP_PASSWORD'];
  if (smtpPassword && isRecord(raw['mail']) && isRecord(raw['mail']['smtp'])) result['mail'] = { ...raw['mail'], smtp: { ...raw['mail']['smtp'], password: smtpPassword } };
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolvePaths(config: ServerConfig, baseDir: string): ServerConfig {
  const at = (file: string): string => path.resolve(baseDir, file);
  const { tls } = config.listen;
  const directory =
    config.directory.kind === 'ldap' ? { ...config.directory, caFile: at(config.directory.caFile) } : { ...config.directory, file: at(config.directory.file) };
  return {
    ...config,
    listen: { ...config.listen, ...(tls ? { tls: { certFile: at(tls.certFile), keyFile: at(tls.keyFile) } } : {}) },
    database: { ...config.database, ...(config.database.pgliteDir ? { pgliteDir: at(config.database.pgliteDir) } : {}) },
    directory,
    ...(config.mail?.smtp?.caFile ? { mail: { ...config.mail, smtp: { ...config.mail.smtp, caFile: at(config.mail.smtp.caFile) } } } : {}),
    ...(config.mailIn ? { mailIn: resolveMailInPaths(config.mailIn, baseDir) } : {}),
  };
}
