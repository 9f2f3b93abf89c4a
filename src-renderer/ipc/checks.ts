import type { z } from 'zod';
import { channels, events, isEventName, type ChannelName, type EventName } from '../../src-shared/ipc/contract.js';
import { dispatchReasons } from '../../src-shared/ipc/contract-types.js';
import { resultSchema, type Result } from '../../src-shared/result.js';

// The renderer trusts no transport: every result and every pushed event is checked against
// the contract before a component sees it, whichever host delivered it. A failure keeps what the
// envelope schema allows beside its reason (the wait of a throttled login), and nothing else.

export type AnyResult = Result<unknown>;

export function failure(reason: string, message: string): AnyResult {
  return { ok: false, error: { reason, message } };
}

const resultSchemas = new Map<ChannelName, z.ZodType<AnyResult>>();

function resultSchemaFor(channel: ChannelName): z.ZodType<AnyResult> {
  let schema = resultSchemas.get(channel);
  if (!schema) {
    schema = resultSchema(channels[channel].output);
    resultSchemas.set(channel, schema);
  }
  return schema;
}

function isKnownReason(channel: ChannelName, reason: string): boolean {
  const channelReasons: readonly string[] = channels[channel].reasons;
  const generalReasons: readonly string[] = dispatchReasons;
  return channelReasons.includes(reason) || generalReasons.includes(reason);
}

/** The result as the contract promises it, or `internal-error` when the other side broke the contract. */
export function checkResult(channel: ChannelName, raw: unknown): AnyResult {
  const parsed = resultSchemaFor(channel).safeParse(raw);
  if (!parsed.success) return failure('internal-error', `The answer on ${channel} does not match the contract.`);
  const result = parsed.data;
  if (!result.ok && !isKnownReason(channel, result.error.reason)) {
    return failure('internal-error', `Unknown reason "${result.error.reason}" on ${channel}: ${result.error.message}`);
  }
  return result;
}

/** The event's payload as the contract describes it, or undefined (and a warning) when it does not match. */
export function checkEvent(event: string, payload: unknown): { event: EventName; payload: unknown } | undefined {
  if (!isEventName(event)) return undefined;
  const parsed = events[event].safeParse(payload);
  if (!parsed.success) {
    console.warn(`Kontor IPC: ignored a ${event} event that does not match the contract`);
    return undefined;
  }
  return { event, payload: parsed.data };
}
