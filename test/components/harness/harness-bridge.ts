import { channels, isChannelName, type ChannelName, type KontorApi, type KontorBridge, type KontorHandlers } from '../../../src-shared/ipc/contract.js';
import type { Result } from '../../../src-shared/result.js';
import type { RecordedCall } from './harness-api.js';

/**
 * The harness's `window.kontor`: what Electron's preload exposes, answering from a fixture's data
 * instead of the main process. It is the process boundary, not one of our components: every call
 * is checked against the contract's input schema (as the dispatcher does) and every answer against
 * its output schema, and the renderer's own client checks the answer once more (`checked-bridge.ts`).
 * A fixture answers only the channels its component calls; any other call is `unknown-channel`.
 */

export type Answers = Partial<KontorHandlers>;

type AnyHandler = (input: unknown) => Promise<Result<unknown>>;

const answers = new Map<ChannelName, AnyHandler>();
export const calls: RecordedCall[] = [];
export const violations: string[] = [];

function failure(reason: string, message: string): Result<never> {
  return { ok: false, error: { reason, message } };
}

async function answer(channel: ChannelName, input: unknown): Promise<Result<unknown>> {
  calls.push({ channel, input: structuredClone(input) });
  const spec = channels[channel];
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) {
    violations.push(`${channel}: arguments refused by the contract: ${parsed.error.message}`);
    return failure('invalid-arguments', `Arguments of ${channel} do not match the contract.`);
  }
  const handler = answers.get(channel);
  if (!handler) return failure('unknown-channel', `The fixture does not answer ${channel}.`);
  const result = await handler(parsed.data);
  if (result.ok && !spec.output.safeParse(result.value).success) violations.push(`${channel}: the fixture's answer does not match the contract`);
  if (!result.ok && !(spec.reasons as readonly string[]).includes(result.error.reason)) violations.push(`${channel}: the fixture answered the unknown reason ${result.error.reason}`);
  return result;
}

const bridge: KontorBridge = {
  invoke<C extends ChannelName>(channel: C, input: Parameters<KontorApi[C]>[0]) {
    if (!isChannelName(channel)) return Promise.resolve(failure('unknown-channel', 'Not a contract channel.')) as ReturnType<KontorApi[C]>;
    return answer(channel, input) as ReturnType<KontorApi[C]>;
  },
  // No fixture pushes events (`cache.changed`, `sync.changed`) yet: a component listening gets none.
  on: () => () => undefined,
};

/** The fixture's answers: set before the component mounts. */
export function answerWith(fixtureAnswers: Answers): void {
  answers.clear();
  for (const [channel, handler] of Object.entries(fixtureAnswers)) {
    if (isChannelName(channel)) answers.set(channel, handler as AnyHandler);
  }
}

// Installed when this module is evaluated, before src-renderer/ipc/client.ts picks its transport.
(window as Window & { kontor?: KontorBridge }).kontor = bridge;
