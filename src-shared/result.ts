import { z } from 'zod';

/** The envelope every IPC call returns: nothing throws across the boundary. */
export type Result<T, R extends string = string> =
  | { ok: true; value: T }
  | { ok: false; error: { reason: R; message: string } };

export const errorSchema = z.object({ reason: z.string().min(1), message: z.string() });

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: errorSchema }),
  ]);
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<R extends string>(reason: R, message: string): { ok: false; error: { reason: R; message: string } } {
  return { ok: false, error: { reason, message } };
}
