import { useSyncExternalStore } from 'react';
import { connection } from './client.js';
import type { ConnectionState } from './connection.js';

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.getState);
}
