import type { SessionState } from '../../../../src-shared/ipc/session.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { useT } from '../../../i18n/use-t.js';
import { CustomerLookup } from '../../directory/components/customer-lookup.js';
import { useLogout } from '../mutations.js';
import { AgentPanel } from './agent-panel.js';
import { DeskHeader } from './desk-header.js';
import { DirectoryStatus } from './directory-status.js';

type SignedIn = Extract<SessionState, { state: 'signed-in' }>;

export function SignedInShell({ session }: { session: SignedIn }) {
  const t = useT();
  const logout = useLogout();
  return (
    <>
      <DeskHeader
        displayName={session.signedIn.agent.displayName}
        loggingOut={logout.isPending}
        onLogout={() => {
          if (!logout.isPending) logout.mutate();
        }}
      />
      <main className="shell-main">
        {logout.isError && <ReasonAlert title={t('shell.logout-failed')} error={logout.error} />}
        <DirectoryStatus state={session.directory} />
        <div className="shell-columns">
          <CustomerLookup />
          <AgentPanel signedIn={session.signedIn} />
        </div>
      </main>
    </>
  );
}
