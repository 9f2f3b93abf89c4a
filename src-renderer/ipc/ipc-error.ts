/** A failed IPC call, thrown only inside the renderer (React Query wants errors thrown). */
export class IpcError<R extends string = string> extends Error {
  override readonly name = 'IpcError';

  constructor(
    readonly reason: R,
    message: string,
    /** Seconds until trying again can succeed, when the main process said so (a throttled login). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Whatever was thrown, as an `IpcError`: anything unexpected becomes `internal-error`. */
export function asIpcError(error: unknown): IpcError {
  if (error instanceof IpcError) return error as IpcError;
  return new IpcError('internal-error', error instanceof Error ? error.message : String(error));
}

/**
 * Whether a failed read says the thing is not there for this agent any more (removed from their
 * cache: moved out of their queues, rights taken, signed out), not that reading it failed for a
 * while. What was shown of it must then leave the screen; after a passing failure it may stay.
 */
export function meansGone(error: unknown): boolean {
  const { reason } = asIpcError(error);
  return reason === 'not-found' || reason === 'not-signed-in';
}
