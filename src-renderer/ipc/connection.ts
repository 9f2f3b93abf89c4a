/**
 * How the renderer is connected to the Desk's main process. The Electron bridge is always
 * `connected`; the WebSocket transport moves through the other states.
 * `unavailable` means it cannot connect at all (no access token in the address).
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unavailable';

export interface ConnectionSource {
  getState: () => ConnectionState;
  /** Calls `listener` after every change of state; returns the unsubscribe function. */
  subscribe: (listener: () => void) => () => void;
}

export const alwaysConnected: ConnectionSource = {
  getState: () => 'connected',
  subscribe: () => () => undefined,
};
