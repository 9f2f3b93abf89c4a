import type { FastifyInstance, FastifyReply } from 'fastify';
import { healthResponseSchema, livenessResponseSchema, type HealthResponse } from '../../../src-shared/api/sessions.js';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import type { Database } from '../../db/database.js';
import { migrations } from '../../db/migrations/index.js';
import { serverVersion } from '../../version.js';

type Check = HealthResponse['checks']['database'];

/** A probe answers within this, whatever hangs behind it. */
const checkTimeoutMs = 2_000;
/** Probes within this share one check, so that a busy load balancer does not load the database or the directory. */
const reuseMs = 1_000;
/** An id no entry carries: a search for it is a cheap round trip with the service account. */
const probeId = '00000000-0000-0000-0000-000000000000';

/**
 * GET /api/v1/health/live: liveness (the process answers). GET /api/v1/health/ready and
 * GET /api/v1/health: readiness (database reachable, migrations current, directory reachable);
 * 503 when the instance cannot serve, so that a load balancer sends its traffic elsewhere.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: { db: Database; directory: Directory }): void {
  let latest: { at: number; health: Promise<HealthResponse> } | null = null;
  const readiness = (): Promise<HealthResponse> => {
    if (latest === null || Date.now() - latest.at > reuseMs) latest = { at: Date.now(), health: checkReadiness(deps) };
    return latest.health;
  };
  const ready = async (_request: unknown, reply: FastifyReply): Promise<FastifyReply> => {
    const health = await readiness();
    return reply.code(health.status === 'ok' ? 200 : 503).send(healthResponseSchema.parse(health));
  };
  app.get('/api/v1/health', { config: { access: 'public' } }, ready);
  app.get('/api/v1/health/ready', { config: { access: 'public' } }, ready);
  app.get('/api/v1/health/live', { config: { access: 'public' } }, () => livenessResponseSchema.parse({ status: 'ok', version: serverVersion }));
}

const knownMigrations = migrations.map((m) => m.name);

/** One query answers two checks: the database answers, and its migrations are this server's. */
async function checkReadiness(deps: { db: Database; directory: Directory }): Promise<HealthResponse> {
  const applied = deps.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY position').then((result) => result.rows.map((row) => row.name));
  const [database, directory] = await Promise.all([
    check(() => applied, 'the database cannot be reached'),
    check(() => deps.directory.findById(probeId), 'the directory cannot be reached'),
  ]);
  // Awaited only once it answered: after a timeout it may still be pending.
  const migrationState = database.ok ? migrationsCheck(await applied) : { ok: false, message: 'the database migrations cannot be read' };
  const checks = { database, migrations: migrationState, directory };
  const ok = Object.values(checks).every((c) => c.ok);
  return { status: ok ? 'ok' : 'unavailable', version: serverVersion, database: deps.db.kind, checks };
}

function migrationsCheck(applied: readonly string[]): Check {
  if (applied.length === knownMigrations.length && applied.every((name, i) => name === knownMigrations[i])) return { ok: true };
  return { ok: false, message: `the database has ${applied.length} migrations applied, this server knows ${knownMigrations.length}` };
}

/** Runs one probe with a timeout (the query goes on, but the answer does not wait for it). */
async function check(probe: () => Promise<unknown>, unavailable: string): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), checkTimeoutMs)));
  try {
    const outcome = await Promise.race([probe(), timeout]);
    if (outcome === 'timeout') return { ok: false, message: `${unavailable} (no answer within ${checkTimeoutMs} ms)` };
    return { ok: true };
  } catch {
    return { ok: false, message: unavailable };
  } finally {
    clearTimeout(timer);
  }
}
