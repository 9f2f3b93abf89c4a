/** A statement parameter as the capture file keeps it (JSON lines), and back. */
export type EncodedValue = string | number | boolean | null | { $date: string } | { $bytes: string } | EncodedValue[];
/** What pg accepts as a parameter, as Kontor passes them. */
export type SqlParam = string | number | boolean | null | Date | Buffer | SqlParam[];

/** One statement Kontor sent, as the capture hook writes it. */
export interface CapturedLine {
  /** The order in which Kontor asked pg for the statements. */
  order: number;
  /** Which pg connection sent it (numbered in the order the capture server used them). */
  connection: number;
  /** Sent without waiting for the previous statement's answer (pg's pipeline mode): the same round trip. */
  pipelined: boolean;
  /** Date.now() when pg was asked and when it answered: comparable with the benchmark process's clock. */
  startedAt: number;
  endedAt: number;
  /** A prepared statement's name (parsed once per connection), or null. */
  name: string | null;
  text: string;
  /** Null: sent without a parameter list (simple protocol). */
  values: EncodedValue[] | null;
  /** String cells per result (a query of several statements has several results). */
  results: Record<string, string>[][];
  error: string | null;
}

export function encodeSqlValue(value: unknown): EncodedValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Buffer.isBuffer(value)) return { $bytes: value.toString('base64') };
  if (Array.isArray(value)) return value.map(encodeSqlValue);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  // pg sends any other object as its JSON text.
  return JSON.stringify(value);
}

export function decodeSqlValue(value: EncodedValue): SqlParam {
  if (Array.isArray(value)) return value.map(decodeSqlValue);
  if (value !== null && typeof value === 'object') return '$date' in value ? new Date(value.$date) : Buffer.from(value.$bytes, 'base64');
  return value;
}
