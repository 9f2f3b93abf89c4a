import { Button } from '@mantine/core';
import { Link } from 'wouter';
import type { PortalMe } from '../../src-shared/portal/api.js';
import { useSignOut } from '../api/queries.js';
import { useT } from '../i18n/use-t.js';
import { ErrorAlert } from './error-alert.js';
import { LanguageSwitch } from './language-switch.js';

export function PortalHeader({ me }: { me: PortalMe | null }) {
  const t = useT();
  const signOut = useSignOut();
  return (
    <header className="portal-header">
      <p className="portal-brand">{t.appName}</p>
      {me !== null && (
        <nav className="portal-nav" aria-label={t.appName}>
          <Link href="/">{t.header.tickets}</Link>
          {me.queues.length > 0 && <Link href="/tickets/new">{t.header.newTicket}</Link>}
        </nav>
      )}
      <div className="portal-header-end">
        {me !== null && <span className="portal-who">{t.header.signedInAs(me.customer.displayName, me.institution.name)}</span>}
        <LanguageSwitch />
        {me !== null && (
          <Button size="xs" variant="default" loading={signOut.isPending} onClick={() => signOut.mutate()}>
            {t.header.signOut}
          </Button>
        )}
      </div>
      {signOut.error !== null && <ErrorAlert error={signOut.error} />}
    </header>
  );
}
