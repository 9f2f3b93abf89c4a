import type { ChannelName, Channels } from '../../src-shared/ipc/contract.js';
import { channels } from '../../src-shared/ipc/contract.js';
import { dispatchReasons, type DispatchReason } from '../../src-shared/ipc/contract-types.js';

/** Every failure reason any channel or the dispatcher can return: each needs a message. */
export type KnownReason = Channels[ChannelName]['reasons'][number] | DispatchReason;

const knownReasons: ReadonlySet<string> = new Set<string>([
  ...Object.values(channels).flatMap((spec): readonly string[] => spec.reasons),
  ...dispatchReasons,
]);

export function isKnownReason(reason: string): reason is KnownReason {
  return knownReasons.has(reason);
}
