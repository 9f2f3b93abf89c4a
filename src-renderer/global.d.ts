import type { KontorBridge } from '../src-shared/ipc/contract.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser host, where the WebSocket transport is used. */
    kontor?: KontorBridge;
  }
}

export {};
