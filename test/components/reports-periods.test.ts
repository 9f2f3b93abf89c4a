import { describe, expect, it } from 'vitest';
import { isPrintFragment, parsePrintAddress, printRoute } from '../../src-renderer/features/reports/print-address.js';
import { isoWeek } from '../../src-shared/reports/period.js';
import { defaultPeriod, neighbourPeriod, periodLabel, periodOfKind, rangeProblem } from '../../src-renderer/features/reports/period.js';
import { formatCell, formatTotalCell } from '../../src-renderer/features/reports/report-format.js';
import { requestOf, type FormState } from '../../src-renderer/features/reports/report-form-store.js';
import { translator } from '../../src-renderer/i18n/use-t.js';

// The reports screen's rules without a page: which week "last week" is, stepping, what is wrong
// with a typed range, what the form still lacks, how cells read, and the print page's address as
// the browser host's token handling leaves it.

/** Monday 2 March 2026, 00:30 in Berlin: still Sunday 1 March in UTC. */
const mondayJustAfterMidnight = new Date('2026-03-01T23:30:00Z');
const sundayEvening = new Date('2026-03-01T22:30:00Z');

describe('report periods in Europe/Berlin', () => {
  it('takes last week as the ISO week before the one of today in Berlin, whatever UTC says', () => {
    expect(defaultPeriod(mondayJustAfterMidnight)).toEqual({ kind: 'week', from: '2026-02-23', to: '2026-03-01' });
    // 23:30 on Sunday in Berlin: the week of 23 February is still the current one.
    expect(defaultPeriod(sundayEvening)).toEqual({ kind: 'week', from: '2026-02-16', to: '2026-02-22' });
  });

  it('numbers ISO weeks by their Thursday', () => {
    expect(isoWeek('2026-02-23')).toEqual({ week: 9, year: 2026 });
    expect(isoWeek('2025-12-29')).toEqual({ week: 1, year: 2026 });
    expect(isoWeek('2021-01-03')).toEqual({ week: 53, year: 2020 });
    expect(isoWeek('2026-12-31')).toEqual({ week: 53, year: 2026 });
  });

  it('steps back freely and forward up to the running period, never into the future', () => {
    const now = mondayJustAfterMidnight;
    const lastWeek = defaultPeriod(now);
    expect(neighbourPeriod(lastWeek, 1, now)).toEqual({ kind: 'week', from: '2026-03-02', to: '2026-03-08' });
    expect(neighbourPeriod({ kind: 'week', from: '2026-03-02', to: '2026-03-08' }, 1, now)).toBeNull();
    expect(neighbourPeriod(lastWeek, -1, now)).toEqual({ kind: 'week', from: '2026-02-16', to: '2026-02-22' });
    // Switching to a month, quarter or year offers the last complete one.
    expect(periodOfKind('month', lastWeek, now)).toEqual({ kind: 'month', from: '2026-02-01', to: '2026-02-28' });
    expect(periodOfKind('quarter', lastWeek, now)).toEqual({ kind: 'quarter', from: '2025-10-01', to: '2025-12-31' });
    expect(periodOfKind('year', lastWeek, now)).toEqual({ kind: 'year', from: '2025-01-01', to: '2025-12-31' });
    expect(periodOfKind('range', lastWeek, now)).toEqual({ kind: 'range', from: '2026-02-23', to: '2026-03-01' });
  });

  it('says what is wrong with a typed range', () => {
    expect(rangeProblem('', '2026-03-01')).toBe('missing-from');
    expect(rangeProblem('2026-02-23', '')).toBe('missing-to');
    expect(rangeProblem('2026-02-23', '2026-02-20')).toBe('end-before-start');
    expect(rangeProblem('2024-01-01', '2026-01-02')).toBe('too-long');
    expect(rangeProblem('2026-02-23', '2026-02-23')).toBeNull();
  });

  it('names periods in both languages', () => {
    const de = translator('de');
    const en = translator('en');
    expect(periodLabel(de, 'de', { kind: 'week', from: '2026-02-23', to: '2026-03-01' })).toBe('KW 9/2026 (23.02.2026 – 01.03.2026)');
    expect(periodLabel(en, 'en', { kind: 'week', from: '2026-02-23', to: '2026-03-01' })).toBe('Week 9, 2026 (23/02/2026 – 01/03/2026)');
    expect(periodLabel(de, 'de', { kind: 'month', from: '2026-03-01', to: '2026-03-31' })).toBe('März 2026');
    expect(periodLabel(de, 'de', { kind: 'quarter', from: '2025-10-01', to: '2025-12-31' })).toBe('4. Quartal 2025');
    expect(periodLabel(en, 'en', { kind: 'quarter', from: '2025-10-01', to: '2025-12-31' })).toBe('Q4 2025');
    expect(periodLabel(de, 'de', { kind: 'range', from: '2026-02-23', to: '2026-02-27' })).toBe('23.02.2026 – 27.02.2026');
  });
});

describe('the report form', () => {
  const form: FormState = { kind: 'sla', period: null, range: null, scopeKind: 'all', group: null, queueId: null, institution: null };

  it('asks for what is missing before anything is built', () => {
    const now = mondayJustAfterMidnight;
    expect(requestOf(form, now)).toEqual({ ok: true, request: { kind: 'sla', period: { kind: 'week', from: '2026-02-23', to: '2026-03-01' }, scope: { kind: 'all' } } });
    expect(requestOf({ ...form, scopeKind: 'queue' }, now)).toEqual({ ok: false, problem: { kind: 'scope', problem: 'missing-queue' } });
    expect(requestOf({ ...form, kind: 'institution-service' }, now)).toEqual({ ok: false, problem: { kind: 'scope', problem: 'service-needs-institution' } });
    expect(requestOf({ ...form, range: { from: '2026-02-23', to: '2026-02-01' } }, now)).toEqual({ ok: false, problem: { kind: 'period', problem: 'end-before-start' } });
    expect(requestOf({ ...form, kind: 'institution-service', scopeKind: 'institution', institution: { id: 'inst-1', name: 'Volksbank' } }, now)).toMatchObject({
      ok: true,
      request: { scope: { kind: 'institution', institutionId: 'inst-1' } },
    });
  });
});

describe('report cells', () => {
  it('read as the language writes them', () => {
    expect(formatCell('de', 'count', 12345)).toBe('12.345');
    expect(formatCell('en', 'count', 12345)).toBe('12,345');
    expect(formatCell('de', 'percent', 92.5)).toBe('92,5\u00a0%');
    expect(formatCell('en', 'percent', 100)).toBe('100.0%');
    expect(formatCell('de', 'percent', null)).toBe('–');
    expect(formatCell('de', 'date', '2026-03-02')).toBe('02.03.2026');
    expect(formatCell('en', 'date', '2026-03-02')).toBe('02/03/2026');
    expect(formatCell('de', 'term', 'pending-reminder')).toBe('warten mit Erinnerung');
    expect(formatCell('en', 'term', 'a-term-nobody-knows')).toBe('a-term-nobody-knows');
    expect(formatTotalCell('de', 'date', 'total', 0)).toBe('Summe');
    expect(formatTotalCell('en', 'count', 1046, 1)).toBe('1,046');
  });
});

describe('the print page address', () => {
  const hash = 'a'.repeat(64);
  const snapshotId = '0195a000-0000-7000-8000-000000000001';

  it('names built reports and snapshots, and reads back what it wrote', () => {
    const route = printRoute([{ kind: 'built', hash }, { kind: 'snapshot', snapshotId }], 'en');
    expect(route).toBe(`#/print?sources=b.${hash},s.${snapshotId}&lang=en`);
    expect(isPrintFragment(route)).toBe(true);
    expect(parsePrintAddress(route)).toEqual({ ok: true, address: { sources: [{ kind: 'built', hash }, { kind: 'snapshot', snapshotId }], language: 'en' } });
  });

  it('is still read after the browser host took its token out of the fragment', () => {
    // What ipc/location-token.ts does: the fragment through URLSearchParams, without `token`.
    const fragment = new URLSearchParams(`/print?sources=b.${hash},s.${snapshotId}&lang=de&token=${'0f'.repeat(16)}`);
    fragment.delete('token');
    const rewritten = `#${fragment.toString()}`;
    expect(rewritten).toMatch(/^#%2Fprint%3Fsources=/u);
    expect(isPrintFragment(rewritten)).toBe(true);
    expect(parsePrintAddress(rewritten)).toEqual({ ok: true, address: { sources: [{ kind: 'built', hash }, { kind: 'snapshot', snapshotId }], language: 'de' } });
  });

  it('refuses what it cannot print rather than leaving a report out', () => {
    expect(isPrintFragment('#/reports')).toBe(false);
    expect(parsePrintAddress('#/print?lang=de')).toEqual({ ok: false, problem: 'sources=' });
    expect(parsePrintAddress(`#/print?sources=b.${hash},x.1&lang=de`)).toEqual({ ok: false, problem: 'x.1' });
    expect(parsePrintAddress(`#/print?sources=b.${hash}&lang=fr`)).toEqual({ ok: false, problem: 'lang=fr' });
    expect(parsePrintAddress(`#/print?sources=${Array.from({ length: 9 }, () => `b.${hash}`).join(',')}`)).toEqual({ ok: false, problem: 'sources: 9 > 8' });
  });
});
