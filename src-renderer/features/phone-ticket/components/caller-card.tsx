import { Button } from '@mantine/core';
import { forwardRef, useId } from 'react';
import { useT } from '../../../i18n/use-t.js';
import type { CallerChoice } from '../phone-form.js';

interface CallerCardProps {
  choice: Exclude<CallerChoice, { kind: 'none' }>;
  /** Back to the caller search. */
  onChange: () => void;
}

/** The chosen caller with institution, e-mail and phone (or that the ticket is internal), and the way to choose again. */
export const CallerCard = forwardRef<HTMLButtonElement, CallerCardProps>(function CallerCard({ choice, onChange }, ref) {
  const t = useT();
  const headingId = useId();
  if (choice.kind === 'internal') {
    return (
      <section className="phone-caller-card" aria-labelledby={headingId} data-caller-choice="internal">
        <div className="phone-caller-card-head">
          <h3 id={headingId} className="phone-caller-card-title">
            {t('phone.caller.internal-chosen')}
          </h3>
          <Button ref={ref} variant="subtle" size="compact-sm" onClick={onChange}>
            {t('phone.caller.choose')}
          </Button>
        </div>
        <p className="phone-caller-card-note">{t('phone.caller.internal-note')}</p>
      </section>
    );
  }
  const { caller } = choice;
  const facts: [string, string, string][] = [
    [t('phone.caller.username'), caller.username, 'username'],
    [t('phone.caller.institution'), caller.institution?.name ?? t('phone.caller.no-institution'), 'institution'],
    [t('phone.caller.email'), caller.email ?? t('phone.caller.unknown'), 'email'],
    [t('phone.caller.phone'), caller.phone ?? t('phone.caller.unknown'), 'phone'],
  ];
  return (
    <section className="phone-caller-card" aria-labelledby={headingId} data-caller-choice="caller" data-caller-id={caller.id}>
      <div className="phone-caller-card-head">
        <h3 id={headingId} className="phone-caller-card-title">
          <span className="phone-caller-card-label">{t('phone.caller.chosen')}: </span>
          {caller.displayName}
        </h3>
        <Button ref={ref} variant="subtle" size="compact-sm" onClick={onChange}>
          {t('phone.caller.change')}
        </Button>
      </div>
      <dl className="phone-caller-facts">
        {facts.map(([label, value, key]) => (
          <div key={key} className="phone-caller-fact" data-fact={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
});
