// Zod must be eval-free before any schema is built (the CSP forbids eval), then `window.kontor`
// must exist before the renderer's IPC client picks its transport: keep these two imports first.
import '../../../src-renderer/zod-csp.js';
import { answerWith, calls, violations } from './harness-bridge.js';
import '@mantine/core/styles.css';
import '../../../src-renderer/styles/app.css';
import '../../../src-renderer/styles/workspace.css';
import '../../../src-renderer/features/ticket/ticket-zoom.css';
import './harness.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { languageSchema } from '../../../src-shared/ipc/app.js';
import { useLanguageStore } from '../../../src-renderer/i18n/language-store.js';
import { useDocumentLanguage } from '../../../src-renderer/i18n/use-t.js';
import { createQueryClient } from '../../../src-renderer/query-client.js';
import { theme } from '../../../src-renderer/theme.js';
import type { HarnessWindow, RecordedEvent } from './harness-api.js';
import { fixtures } from './fixtures.js';
import type { Fixture, FixtureContext } from './fixtures/fixture.js';

/**
 * The component-test page: `#<fixture>?lang=en` mounts one component with its fixture's props,
 * inside the providers the app gives it (app.tsx: static-CSS Mantine, the app's React Query
 * client, the document language) and under the app's CSP. What the test reads is `window.harness`.
 */

const [name = '', query = ''] = window.location.hash.slice(1).split('?');
const language = languageSchema.safeParse(new URLSearchParams(query).get('lang') ?? 'de');
useLanguageStore.setState({ language: language.success ? language.data : 'de' });

const events: RecordedEvent[] = [];
const context: FixtureContext = { record: (event, detail) => events.push({ name: event, detail: structuredClone(detail) }) };
(window as Window & Partial<HarnessWindow>).harness = {
  fixture: name,
  calls,
  events,
  violations,
  setLanguage: (next) => useLanguageStore.getState().setLanguage(next),
};

const fixture = fixtures[name];
if (fixture) answerWith(fixture.answers);

function Harness({ mounted }: { mounted: Fixture | undefined }) {
  const [queryClient] = useState(createQueryClient);
  useDocumentLanguage();
  return (
    <MantineProvider theme={theme} withCssVariables={false} withGlobalClasses={false} forceColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <main className="harness" data-fixture={name}>
          <h1 className="harness-title">{mounted ? mounted.title : `Unbekannte Fixture „${name}“; bekannt: ${Object.keys(fixtures).join(', ')}`}</h1>
          {mounted && <mounted.Component context={context} />}
        </main>
      </QueryClientProvider>
    </MantineProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Harness mounted={fixture} />
  </StrictMode>,
);
