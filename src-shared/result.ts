import { z } from 'zod';

/** Why a call failed, for the renderer to put into words. */
export interface ResultError<R extends string = string> {
  reason: R;
  message: string;
  /** Seconds until trying again can succeed (a throttled login); absent when the reason carries no wait. */
  retryAfterSeconds?: number;
}

/** The envelope every IPC call returns: nothing throws across the boundary. */
export type Result<T, R extends string = string> = { ok: true; value: T } | { ok: false; error: ResultError<R> };

export const errorSchema = z.object({
  reason: z.string().min(1),
  message: z.string(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: errorSchema }),
  ]);
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failed result; `retryAfterSeconds` is set only when given, so the envelope stays as small as before. */
export function fail<R extends string>(
  reason: R,
  message: string,
  details: { retryAfterSeconds?: number | undefined } = {},
): { ok: false; error: ResultError<R> } {
  const error: ResultError<R> = { reason, message };
  if (details.retryAfterSeconds !== undefined) error.retryAfterSeconds = details.retryAfterSeconds;
  return { ok: false, error };
}
