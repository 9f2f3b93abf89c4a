/**
 * Loaded with `--import` into the capture server only (`startBenchServer(…, { captureSqlTo })`),
 * never into the server whose figures are printed. Records every statement Kontor hands to pg —
 * its text, parameters and prepared-statement name as pg received them, which connection sent
 * it, whether it went without waiting for the previous answer (pg's pipeline mode), when it
 * started and ended, and the string cells of its result — as one JSON line each in the file
 * named by KONTOR_BENCH_SQL_CAPTURE. The raw replay (bench/raw-limit/replay.ts) is derived from these lines.
 */
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type pgModule from 'pg';
import { encodeSqlValue, type CapturedLine } from './sql-values.js';

const file = process.env['KONTOR_BENCH_SQL_CAPTURE'];
// The server's `import pg from 'pg'` reaches the same CommonJS module, so its Client is this one.
const pg = createRequire(import.meta.url)('pg') as typeof pgModule;
type QueryFunction = (this: object, ...args: unknown[]) => unknown;
const prototype = pg.Client.prototype as unknown as { query: QueryFunction };
const original = prototype.query;
const connections = new WeakMap<object, number>();
const inFlight = new WeakMap<object, number>();
let nextConnection = 1;
let issued = 0;

// Wall-clock milliseconds: the benchmark process compares them with its own (performance.timeOrigin differs between processes by tens of ms).
const clock = (): number => Date.now();

if (file !== undefined) {
  prototype.query = function capturedQuery(this: object, ...args: unknown[]): unknown {
    const [config, values] = args;
    const query = queryOf(config, values);
    // Cursors and other submittables are not used by mutations; they pass unrecorded.
    if (query === null) return original.apply(this, args);
    const connection = connections.get(this) ?? nextConnection++;
    connections.set(this, connection);
    // Sent without waiting for the previous answer (pg's pipeline mode): one round trip with it.
    const waitingFor = inFlight.get(this) ?? 0;
    const pipelined = waitingFor > 0 && (this as { pipeline?: boolean }).pipeline === true;
    inFlight.set(this, waitingFor + 1);
    const order = issued++;
    const startedAt = clock();
    const record = (result: unknown, error: unknown): void => {
      inFlight.set(this, Math.max(0, (inFlight.get(this) ?? 1) - 1));
      const line: CapturedLine = {
        order,
        connection,
        pipelined,
        startedAt,
        endedAt: clock(),
        name: query.name,
        text: query.text,
        values: query.values === null ? null : query.values.map(encodeSqlValue),
        results: stringCells(result),
        error: error === null ? null : error instanceof Error ? error.message : JSON.stringify(error),
      };
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    };
    const callbackAt = args.findIndex((arg) => typeof arg === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (error: unknown, result: unknown) => void;
      const wrapped = [...args];
      wrapped[callbackAt] = (error: unknown, result: unknown) => {
        record(result, error ?? null);
        callback(error, result);
      };
      return original.apply(this, wrapped);
    }
    return (original.apply(this, args) as Promise<unknown>).then(
      (result) => {
        record(result, null);
        return result;
      },
      (error: unknown) => {
        record(undefined, error);
        throw error;
      },
    );
  };
}

/** Text, parameters and prepared-statement name of a query as pg's `query(text, values)` or `query({ name, text, values })` take it. */
function queryOf(config: unknown, values: unknown): { text: string; values: unknown[] | null; name: string | null } | null {
  if (typeof config === 'string') return { text: config, values: Array.isArray(values) ? values : null, name: null };
  if (typeof config !== 'object' || config === null || 'submit' in config || !('text' in config) || typeof config.text !== 'string') return null;
  const own = 'values' in config && Array.isArray(config.values) ? (config.values as unknown[]) : null;
  const name = 'name' in config && typeof config.name === 'string' ? config.name : null;
  return { text: config.text, values: own ?? (Array.isArray(values) ? values : null), name };
}

/** The string cells of each result (a multi-statement query has several): what may flow into later statements. */
function stringCells(result: unknown): Record<string, string>[][] {
  const results = Array.isArray(result) ? result : result === undefined ? [] : [result];
  return results.map((one) => {
    const rows = (one as { rows?: unknown[] }).rows ?? [];
    return rows.map((row) => Object.fromEntries(Object.entries(row as Record<string, unknown>).filter((cell): cell is [string, string] => typeof cell[1] === 'string')));
  });
}
