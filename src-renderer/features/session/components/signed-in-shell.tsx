import { useState } from 'react';
import type { SessionState } from '../../../../src-shared/ipc/session.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { formatMoment } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import { NotificationsButton } from '../../notifications/components/notifications-button.js';
import { useDeskNotices } from '../../notifications/web-notices.js';
import { SearchField } from '../../search/components/search-field.js';
import { CacheRebuiltBanner } from '../../sync/components/cache-rebuilt-banner.js';
import { InitialSyncProgress, isBulkLoad } from '../../sync/components/initial-sync-progress.js';
import { OfflineUnlockBanner } from '../../sync/components/offline-unlock-banner.js';
import { SyncIndicator } from '../../sync/components/sync-indicator.js';
import { useSyncEvents, useSyncStatus } from '../../sync/queries.js';
import { useRelogin } from '../../sync/relogin.js';
import { useReloginStore } from '../../sync/relogin-store.js';
import { useSettledStatus } from '../../sync/settled-status.js';
import { useLogout } from '../mutations.js';
import { Workspace } from '../../workspace/components/workspace.js';
import { navigate } from '../../workspace/hash-location.js';
import { institutionPath, ticketPath } from '../../workspace/routes.js';
import { DeskHeader } from './desk-header.js';
import { DirectoryStatus } from './directory-status.js';

type SignedIn = Extract<SessionState, { state: 'signed-in' }>;

export function SignedInShell({ session }: { session: SignedIn }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const logout = useLogout();
  const clearReloginNotice = useReloginStore((state) => state.clear);
  useSyncEvents();
  useDeskNotices();
  const status = useSettledStatus(useSyncStatus().data);
  const relogin = useRelogin(session.signedIn.agent.username);
  const unlocked = session.unlockedOffline || (status?.state === 'offline' && status.unlocked);
  const startRelogin = () => relogin.start(unlocked ? 'unlocked-offline' : 'session-ended');
  // The notice of a cache made afresh stays until the agent has read it (by when it happened: a later one shows again).
  const [rebuiltSeen, setRebuiltSeen] = useState<string | null>(null);
  const rebuilt = session.cacheRebuilt !== null && session.cacheRebuilt.at !== rebuiltSeen ? session.cacheRebuilt : null;
  return (
    <>
      <DeskHeader
        signedIn={session.signedIn}
        loggingOut={logout.isPending}
        onLogout={() => {
          if (logout.isPending) return;
          clearReloginNotice();
          logout.mutate();
        }}
        sync={<SyncIndicator status={status} onRelogin={startRelogin} reloginPending={relogin.pending} />}
        search={<SearchField onOpenTicket={(ticketId) => navigate(ticketPath(ticketId))} onOpenInstitution={(institutionId) => navigate(institutionPath(institutionId))} />}
        notifications={<NotificationsButton />}
      />
      <main className="shell-main">
        {logout.isError && <ReasonAlert title={t('shell.logout-failed')} error={logout.error} />}
        {relogin.error !== null && <ReasonAlert title={t('shell.logout-failed')} error={relogin.error} />}
        {unlocked && (
          <OfflineUnlockBanner
            asOf={status?.state === 'offline' && status.lastSynced !== null ? formatMoment(language, new Date(status.lastSynced), new Date()) : null}
            // With the sync signed out the header offers the sign-in already: one button is enough.
            onRelogin={status?.state === 'signed-out' ? null : startRelogin}
            reloginPending={relogin.pending}
          />
        )}
        {rebuilt !== null && <CacheRebuiltBanner rebuilt={rebuilt} onDismiss={() => setRebuiltSeen(rebuilt.at)} />}
        {isBulkLoad(status) && <InitialSyncProgress status={status} />}
        {/* Live directory look-ups matter only when they fail: a connected directory needs no words. */}
        {session.directory !== 'connected' && <DirectoryStatus state={session.directory} />}
        <Workspace agentId={session.signedIn.agent.id} />
      </main>
    </>
  );
}
