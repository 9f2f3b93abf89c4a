import type { z } from 'zod';
import type { Result } from '../result.js';

/** One channel: its argument and value schemas and the failure reasons it may return. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, R extends string = string> {
  input: I;
  output: O;
  reasons: readonly R[];
}

export function channel<I extends z.ZodType, O extends z.ZodType, const R extends string>(
  spec: ChannelSpec<I, O, R>,
): ChannelSpec<I, O, R> {
  return spec;
}

type ReasonOf<S> = S extends ChannelSpec<z.ZodType, z.ZodType, infer R> ? R : never;

/** The function a channel spec stands for, as the renderer calls it. */
export type ChannelFunction<S extends ChannelSpec> = (
  input: z.input<S['input']>,
) => Promise<Result<z.output<S['output']>, ReasonOf<S> | DispatchReason>>;

/** The function a service implements for a channel: input already validated. */
export type ChannelHandler<S extends ChannelSpec> = (
  input: z.output<S['input']>,
) => Promise<Result<z.input<S['output']>, ReasonOf<S>>>;

/**
 * Reasons the dispatcher itself returns, whatever the channel. `cache-busy`: a write to the offline
 * cache waited too long for the sync's write lock and wrote nothing.
 */
export const dispatchReasons = ['unknown-channel', 'invalid-arguments', 'forbidden-sender', 'internal-error', 'disconnected', 'cache-busy', 'cache-damaged', 'cache-unwritable'] as const;
export type DispatchReason = (typeof dispatchReasons)[number];
