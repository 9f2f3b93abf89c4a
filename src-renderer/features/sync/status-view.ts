import type { SyncStatusView } from '../../../src-shared/ipc/cache.js';
import type { Language } from '../../../src-shared/ipc/app.js';
import { formatClockWithSeconds, formatMoment, percentOf } from '../../i18n/format.js';
import type { Translate } from '../../i18n/use-t.js';

/** What the indicator looks like; also its `data-sync-state`, which tests read whatever the language. */
export type IndicatorKind = 'starting' | 'online' | 'syncing' | 'offline' | 'unlocked' | 'signed-out';

export interface IndicatorView {
  kind: IndicatorKind;
  /** The few words in the header, and all that the live region says: it changes with the state only. */
  label: string;
  /** The tooltip and the chip's description: last sync time, the server's error. */
  detail: string | null;
  /** How far a sync is, beside the label and outside the live region (it changes with every page). */
  progress: string | null;
  /** "Search index 42 %" while the index is being built; null when complete. */
  searchIndex: { text: string; detail: string } | null;
}

type Syncing = Extract<SyncStatusView, { state: 'syncing' }>;

function syncProgress(t: Translate, status: Syncing): string | null {
  if (status.total !== null && status.total > 0) return t('sync.percent', percentOf(status.items, status.total));
  return status.items > 0 ? t('sync.items', status.items) : null;
}

function searchIndexOf(t: Translate, status: SyncStatusView): IndicatorView['searchIndex'] {
  if (status.state !== 'online' && status.state !== 'offline') return null;
  const { indexed, total } = status.index;
  if (indexed >= total) return null;
  return { text: t('search-index.progress', percentOf(indexed, total)), detail: t('search-index.detail', indexed, total) };
}

/** The header's view of a sync status, in the agent's language. */
export function indicatorView(t: Translate, language: Language, status: SyncStatusView | undefined, now: Date): IndicatorView {
  const base = { detail: null, progress: null, searchIndex: null };
  if (status === undefined || status.state === 'closed') return { ...base, kind: 'starting', label: t('sync.state.starting') };
  const searchIndex = searchIndexOf(t, status);
  switch (status.state) {
    case 'online':
      return { ...base, kind: 'online', label: t('sync.state.online'), detail: t('sync.detail.online', formatClockWithSeconds(language, new Date(status.at))), searchIndex };
    case 'syncing': {
      const progress = syncProgress(t, status);
      return {
        ...base,
        kind: 'syncing',
        label: t(`sync.state.${status.phase}`),
        detail: progress === null ? null : t('sync.detail.syncing', progress),
        progress,
      };
    }
    case 'offline': {
      if (status.unlocked) return { ...base, kind: 'unlocked', label: t('sync.state.unlocked'), detail: t('sync.detail.unlocked'), searchIndex };
      const since = formatMoment(language, new Date(status.since), now);
      // The Desk could not store what it received (a full disk): not the server's absence, and the agent may be the one to fix it.
      const [label, detail] =
        status.cause === 'cache'
          ? [t('sync.state.cache-failed', since), t('sync.detail.cache-failed', status.message)]
          : [t('sync.state.offline', since), t('sync.detail.offline', status.message)];
      return { ...base, kind: 'offline', label, detail, searchIndex };
    }
    case 'signed-out':
      return { ...base, kind: 'signed-out', label: t('sync.state.signed-out'), detail: t('sync.detail.signed-out') };
  }
}
