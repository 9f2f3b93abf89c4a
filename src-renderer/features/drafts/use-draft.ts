import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftFields } from '../../../src-shared/ipc/drafts.js';
import { invoke } from '../../ipc/client.js';

/** How long typing pauses before the draft is saved; a save is also made when the editor goes. */
const saveAfterMillis = 400;

export type DraftStatus = 'loading' | 'empty' | 'restored' | 'saving' | 'saved' | 'not-saved';

export interface DraftHandle<F extends DraftFields> {
  /** The fields restored from the main process, once `status` is past `loading`; null when there was none. */
  restored: F | null;
  status: DraftStatus;
  /** Keeps `fields` (debounced). */
  update(fields: F): void;
  /** The edit was made (it is in the outbox) or thrown away: the draft goes. */
  discard(): Promise<void>;
}

/**
 * A draft kept in the agent's cache file by the main process (`drafts.*`), so that a reload, a
 * crash or going offline loses nothing typed. `key` is `kind:subject` (`note:<ticketId>`).
 * `accept` checks what was restored (an older version of the form may have saved other fields).
 */
export function useDraft<F extends DraftFields>(key: string, accept: (fields: DraftFields) => F | null): DraftHandle<F> {
  const [restored, setRestored] = useState<F | null>(null);
  const [status, setStatus] = useState<DraftStatus>('loading');
  const pending = useRef<{ fields: F; timer: ReturnType<typeof setTimeout> } | null>(null);
  const acceptRef = useRef(accept);
  acceptRef.current = accept;

  const flush = useCallback(async (): Promise<void> => {
    const next = pending.current;
    if (next === null) return;
    clearTimeout(next.timer);
    pending.current = null;
    setStatus('saving');
    const result = await invoke('drafts.save', { key, fields: next.fields });
    setStatus(result.ok ? 'saved' : 'not-saved');
  }, [key]);

  useEffect(() => {
    let live = true;
    setStatus('loading');
    setRestored(null);
    void invoke('drafts.get', { key }).then((result) => {
      if (!live) return;
      const fields = result.ok && result.value.draft !== null ? acceptRef.current(result.value.draft.fields) : null;
      setRestored(fields);
      setStatus(fields === null ? 'empty' : 'restored');
    });
    return () => {
      live = false;
      // Leaving the editor saves what was typed since the last save.
      void flush();
    };
  }, [key, flush]);

  // A reload or a closed window saves at once what the pause has not saved yet.
  useEffect(() => {
    const onHide = (): void => void flush();
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, [flush]);

  const update = useCallback(
    (fields: F) => {
      if (pending.current !== null) clearTimeout(pending.current.timer);
      pending.current = { fields, timer: setTimeout(() => void flush(), saveAfterMillis) };
    },
    [flush],
  );

  const discard = useCallback(async () => {
    if (pending.current !== null) clearTimeout(pending.current.timer);
    pending.current = null;
    await invoke('drafts.discard', { key });
    setStatus('empty');
  }, [key]);

  return { restored, status, update, discard };
}
