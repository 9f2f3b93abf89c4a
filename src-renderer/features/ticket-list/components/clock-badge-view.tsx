import { VisuallyHidden } from '@mantine/core';
import type { JSX } from 'react';
import type { ClockName } from '../../../../src-shared/sla/clocks.js';
import { durationParts, formatMoment, inHours } from '../../../i18n/format.js';
import type { Language } from '../../../../src-shared/ipc/app.js';
import type { MessageKey } from '../../../i18n/messages.js';
import type { Translate } from '../../../i18n/use-t.js';
import type { ClockBadge } from '../clock-badge.js';

const clockNames: Record<ClockName, MessageKey> = {
  firstResponse: 'sla.clock.first-response',
  update: 'sla.clock.update',
  solution: 'sla.clock.solution',
};

// Each kind its own shape: a clock face, a triangle, a cross, two bars, a tick, a slashed circle.
const icons: Record<ClockBadge['kind'], () => JSX.Element | null> = {
  running: () => (
    <svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
      <circle cx="6" cy="6" r="5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M6 3v3.2l2 1.3" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  ),
  warning: () => (
    <svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
      <path d="M6 1 .8 10.8h10.4L6 1Z" fill="currentColor" />
      <path d="M6 4.6v3M6 9.1v.1" stroke="#fff" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  ),
  breached: () => (
    <svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
      <circle cx="6" cy="6" r="5.5" fill="currentColor" />
      <path d="m4 4 4 4M8 4 4 8" stroke="#fff" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  ),
  paused: () => (
    <svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
      <path d="M4 2.5v7M8 2.5v7" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  ),
  met: () => (
    <svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
      <path d="m2.5 6.2 2.3 2.3L9.5 3.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  ),
  missed: () => (
    <svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
      <circle cx="6" cy="6" r="4.8" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="m2.8 9.2 6.4-6.4" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  ),
  none: () => null,
};

export interface ClockBadgeText {
  /** What the badge shows: the duration alone, a minus sign when overdue. */
  short: string;
  /** What a screen reader hears instead: the state in words ("Warnung, noch 35 Min."). */
  spoken: string;
  /** The whole sentence with the clock's name and due instant (tooltip). */
  full: string;
}

/** The badge's words: short on screen, spoken, and the full sentence. */
/** Working time in hours and minutes (an office day is not 24 hours), clock time with days. */
function partsOf(milliseconds: number, counted: 'working' | 'wall') {
  const parts = durationParts(milliseconds);
  return counted === 'working' ? inHours(parts) : parts;
}

/** "2 Std. 15 Min. Arbeitszeit" on the ticket's calendar, "2 Std. 15 Min." in clock time. */
function spokenDuration(t: Translate, parts: ReturnType<typeof durationParts>, counted: 'working' | 'wall'): string {
  const duration = t('sla.duration', parts);
  return counted === 'working' ? t('sla.working-time', duration) : duration;
}

export function clockBadgeText(t: Translate, language: Language, clock: ClockName, badge: ClockBadge, now: number): ClockBadgeText {
  const name = t(clockNames[clock]);
  const due = 'due' in badge ? formatMoment(language, new Date(badge.due), new Date(now)) : null;
  const said = (short: string, spoken: string): ClockBadgeText => ({ short, spoken, full: t('sla.described', name, spoken, due) });
  switch (badge.kind) {
    case 'running':
    case 'warning': {
      const left = partsOf(badge.millisLeft, badge.counted);
      return said(t('sla.duration-short', left), t(badge.kind === 'running' ? 'sla.running' : 'sla.warning', spokenDuration(t, left, badge.counted)));
    }
    case 'breached': {
      const over = partsOf(badge.millisOver, badge.counted);
      return said(`\u2212${t('sla.duration-short', over)}`, t('sla.breached', spokenDuration(t, over, badge.counted)));
    }
    case 'paused':
      return said(t('sla.paused'), t('sla.paused'));
    case 'met':
      return said(t('sla.met'), t('sla.met'));
    case 'missed':
      return said(t('sla.missed'), t('sla.missed'));
    case 'none':
      return said(t('sla.none'), t('sla.none-long'));
  }
}

/** One SLA clock in a list cell: shape, words and colour together. */
export function ClockBadgeView({ badge, text }: { badge: ClockBadge; text: ClockBadgeText }) {
  const Icon = icons[badge.kind];
  return (
    <span className={`clock-badge clock-badge-${badge.kind}`} data-clock-state={badge.kind} data-due={'due' in badge ? badge.due : undefined} title={text.full}>
      <Icon />
      <VisuallyHidden>{text.spoken}</VisuallyHidden>
      <span className="clock-badge-text" aria-hidden="true">
        {text.short}
      </span>
    </span>
  );
}
