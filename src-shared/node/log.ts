/** Structured log lines; keys that may carry secrets are redacted before anything is written. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const secretKey = /pass(word)?|token|secret|authorization|cookie|key$/iu;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = secretKey.test(key) ? '[redacted]' : redact(inner, depth + 1);
  return out;
}

/** A logger writing one JSON object per line to the given stream (stderr by default). */
export function createLogger(component: string, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const emit = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, component, event, ...(redact(fields) as object) })}\n`);
  };
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

/** For tests and quiet runs. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
