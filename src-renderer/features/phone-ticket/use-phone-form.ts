import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftFields } from '../../../src-shared/ipc/drafts.js';
import { useDraft } from '../drafts/use-draft.js';
import { emptyPhoneForm, fromDraft, phoneDraftKey, toDraft, type PhoneForm } from './phone-form.js';

const acceptDraft = (fields: DraftFields): DraftFields | null => (fromDraft(fields) === null ? null : fields);

/**
 * The phone ticket's fields, kept as a draft by the main process (`phone-ticket:new`) as the agent
 * types: a reload or a crash restores them. A draft restored after the agent began typing is not
 * laid over what they typed.
 */
export function usePhoneForm() {
  const draft = useDraft(phoneDraftKey, acceptDraft);
  const [form, setForm] = useState<PhoneForm>(emptyPhoneForm);
  const [restored, setRestored] = useState(false);
  const current = useRef(form);
  const touched = useRef(false);
  // Both are arrow functions made with useCallback (features/drafts/use-draft.ts): stable, and no `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { update, discard } = draft;

  useEffect(() => {
    if (draft.status !== 'restored' || draft.restored === null || touched.current) return;
    const fields = fromDraft(draft.restored);
    if (fields === null) return;
    current.current = fields;
    setForm(fields);
    setRestored(true);
  }, [draft.status, draft.restored]);

  const change = useCallback(
    (patch: Partial<PhoneForm>) => {
      touched.current = true;
      const next = { ...current.current, ...patch };
      current.current = next;
      setForm(next);
      update(toDraft(next));
    },
    [update],
  );

  /** The draft goes (the ticket was saved, or the agent threw it away); an emptied form is shown when the agent stays. */
  const clear = useCallback(async (): Promise<void> => {
    await discard();
    touched.current = false;
    current.current = emptyPhoneForm;
    setForm(emptyPhoneForm);
    setRestored(false);
  }, [discard]);

  return { form, change, clear, draftStatus: draft.status, restored };
}
