import type { Language } from '../../../src-shared/ipc/app.js';

/**
 * What the harness page keeps for the test to read (`window.harness`): the calls that crossed
 * the `window.kontor` boundary, what the mounted component told its parent through callbacks,
 * and any call or answer that broke the IPC contract. Shared by the page and the tests (types only).
 */
export interface RecordedCall {
  channel: string;
  input: unknown;
}

export interface RecordedEvent {
  /** The callback prop that was called (`onOpen`, `onSortChange`). */
  name: string;
  detail: unknown;
}

export interface HarnessState {
  fixture: string;
  calls: RecordedCall[];
  events: RecordedEvent[];
  /** Calls with arguments or answers that the contract's schemas refuse: a test expects none. */
  violations: string[];
  setLanguage: (language: Language) => void;
}

export interface HarnessWindow {
  harness: HarnessState;
}
