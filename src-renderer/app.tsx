import { MantineProvider } from '@mantine/core';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ConnectionBanner } from './components/connection-banner.js';
import { AppFooter } from './features/app/components/app-footer.js';
import { PrintScreen } from './features/reports/components/print-screen.js';
import { usePrintFragment } from './features/reports/print-address.js';
import { SessionGate } from './features/session/components/session-gate.js';
import { useDocumentLanguage } from './i18n/use-t.js';
import { useConnectionState } from './ipc/use-connection-state.js';
import { createQueryClient } from './query-client.js';
import { theme } from './theme.js';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    // Static CSS only: no <style> is injected at run time, so the strict CSP holds (docs/decisions/ui-library.md).
    <MantineProvider theme={theme} withCssVariables={false} withGlobalClasses={false} forceColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <Page />
      </QueryClientProvider>
    </MantineProvider>
  );
}

/** The print page stands alone (no header, sign-in or footer): the host opens it off screen to make a PDF. */
function Page() {
  const printFragment = usePrintFragment();
  return printFragment === null ? <Desk /> : <PrintScreen fragment={printFragment} />;
}

function Desk() {
  useDocumentLanguage();
  useRefetchAfterReconnect();
  return (
    <div className="desk">
      <ConnectionBanner />
      <SessionGate />
      <AppFooter />
    </div>
  );
}

/** Pushes may have been missed while the transport was down: read everything again once it is back. */
function useRefetchAfterReconnect(): void {
  const queryClient = useQueryClient();
  const state = useConnectionState();
  const previous = useRef(state);
  useEffect(() => {
    if (previous.current === 'reconnecting' && state === 'connected') void queryClient.invalidateQueries();
    previous.current = state;
  }, [queryClient, state]);
}
