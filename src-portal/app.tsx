import { createTheme, MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { Route, Router, Switch } from 'wouter';
import type { PortalMe } from '../src-shared/portal/api.js';
import { isSignedOut } from './api/client.js';
import { portalKeys, useMe } from './api/queries.js';
import { ErrorAlert } from './components/error-alert.js';
import { PortalHeader } from './components/portal-header.js';
import { StatusLine } from './components/status-line.js';
import { SignInPage } from './features/session/sign-in-page.js';
import { NewTicketPage } from './features/tickets/new-ticket-page.js';
import { TicketListPage } from './features/tickets/ticket-list-page.js';
import { TicketPage } from './features/tickets/ticket-page.js';
import { useDocumentLanguage, useT } from './i18n/use-t.js';

/** Only settings that act in JavaScript: colours and the like are CSS variables in styles/portal.css (the CSP allows no run-time <style>). */
const theme = createTheme({ respectReducedMotion: true });

/** A session that ended on the server (expired, revoked) brings the sign-in page back, whatever was asked. */
function createPortalQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: true, staleTime: 5_000 }, mutations: { retry: false } },
    queryCache: new QueryCache({ onError: (error) => signedOutOn(client, error) }),
    mutationCache: new MutationCache({ onError: (error) => signedOutOn(client, error) }),
  });
  return client;
}

function signedOutOn(client: QueryClient, error: unknown): void {
  if (isSignedOut(error)) client.setQueryData(portalKeys.me, null);
}

export function App() {
  const [queryClient] = useState(createPortalQueryClient);
  return (
    <MantineProvider theme={theme} withCssVariables={false} withGlobalClasses={false} forceColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <Router base="/portal">
          <Portal />
        </Router>
      </QueryClientProvider>
    </MantineProvider>
  );
}

function Portal() {
  useDocumentLanguage();
  const me = useMe();
  const signedIn = me.data ?? null;
  return (
    <div className="portal">
      <PortalHeader me={signedIn} />
      <StatusLine />
      <main className="portal-main">
        {me.isPending ? null : me.isError ? <ErrorAlert error={me.error} /> : signedIn === null ? <SignInPage /> : <SignedIn me={signedIn} />}
      </main>
    </div>
  );
}

function SignedIn({ me }: { me: PortalMe }) {
  const t = useT();
  return (
    <Switch>
      <Route path="/">
        <TicketListPage />
      </Route>
      <Route path="/tickets/new">
        <NewTicketPage me={me} />
      </Route>
      <Route path="/tickets/:id">{(params) => <TicketPage key={params.id} ticketId={params.id} me={me} />}</Route>
      <Route>
        <p role="alert">{t.notFoundPage}</p>
      </Route>
    </Switch>
  );
}
