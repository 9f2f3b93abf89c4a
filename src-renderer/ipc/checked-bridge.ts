import type { ChannelName, EventName, EventPayload, KontorApi, KontorBridge } from '../../src-shared/ipc/contract.js';
import { checkEvent, checkResult, failure, type AnyResult } from './checks.js';

/** Wraps the Electron preload's bridge so that its results and events are checked like the WebSocket's. */
export function checkedBridge(raw: KontorBridge): KontorBridge {
  async function call(channel: ChannelName, input: unknown): Promise<AnyResult> {
    try {
      const result: unknown = await raw.invoke(channel, input as never);
      return checkResult(channel, result);
    } catch {
      // Nothing should throw across the boundary; if something does, it is still only a failed call.
      return failure('internal-error', `The call on ${channel} failed in the bridge.`);
    }
  }
  return {
    invoke<C extends ChannelName>(channel: C, input: Parameters<KontorApi[C]>[0]) {
      return call(channel, input) as ReturnType<KontorApi[C]>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return raw.on(event, (payload) => {
        const checked = checkEvent(event, payload);
        if (checked) listener(checked.payload as EventPayload<E>);
      });
    },
  };
}
