import type { RefObject } from 'react';
import { useT } from '../../../i18n/use-t.js';
import type { CallerChoice } from '../phone-form.js';
import { CallerCard } from './caller-card.js';
import { CallerField, InternalChoice } from './caller-field.js';

interface CallerSectionProps {
  caller: CallerChoice;
  error: string | null;
  errorId: string;
  fieldRef: RefObject<HTMLInputElement | null>;
  changeRef: RefObject<HTMLButtonElement | null>;
  onChoose: (caller: CallerChoice) => void;
}

/** Who called: the search with "Internes Ticket (ohne Kunde)" beside it, or the choice made and the way back. */
export function CallerSection({ caller, error, errorId, fieldRef, changeRef, onChoose }: CallerSectionProps) {
  const t = useT();
  return (
    <fieldset className="phone-fieldset">
      <legend className="phone-legend">{t('phone.caller.legend')}</legend>
      {caller.kind === 'none' ? (
        <div className="phone-caller-row">
          <CallerField ref={fieldRef} invalid={error} errorId={errorId} onPick={(picked) => onChoose({ kind: 'caller', caller: picked })} />
          <InternalChoice onChoose={() => onChoose({ kind: 'internal' })} />
        </div>
      ) : (
        <CallerCard ref={changeRef} choice={caller} onChange={() => onChoose({ kind: 'none' })} />
      )}
    </fieldset>
  );
}
