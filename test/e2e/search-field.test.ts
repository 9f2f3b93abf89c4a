import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { startKontor, type KontorUnderTest } from './kontor-fixture.js';
import { accessibilityViolations, screenshot } from './page-checks.js';
import { switchLanguage } from './page-models/language-switch.js';
import { LoginPage } from './page-models/login-page.js';
import { SearchFieldModel } from './page-models/search-field.js';
import { SyncIndicatorModel } from './page-models/sync-indicator.js';
import { TicketZoomPage } from './page-models/ticket-zoom-page.js';
import { SeededBank } from './page-models/ticket-zoom-seed.js';

const groups = { tickets: 'Tickets (Nummer, Titel, Personen)', articles: 'Gefunden im Artikeltext' };

describe('the search field', () => {
  let kontor: KontorUnderTest;
  let search: SearchFieldModel;
  let zoom: TicketZoomPage;
  const ids = { depot: '', other: '' };

  beforeAll(async () => {
    kontor = await startKontor();
    if (!kontor.server) throw new Error('the test needs a server');
    const bank = await SeededBank.open(kontor.server);
    // Jürgen Löwe's ticket: his name is in no title, only in the ticket's customer.
    ids.depot = await bank.ticket({
      queue: 'ServiceLine',
      title: 'Fehlende Buchung im Depot 4711',
      customerUsername: 'jloewe',
      articles: [
        {
          channel: 'email',
          visibility: 'customer-visible',
          sender: 'customer',
          subject: 'Buchung',
          body: '<html><body><p>Bei der <b>Zinsgutschrift</b> fehlt die Buchung.</p></body></html>',
        },
      ],
    });
    ids.other = await bank.ticket({
      queue: 'ServiceLine',
      title: 'Kennwort zurücksetzen',
      customerUsername: 'kgross',
      articles: [{ channel: 'phone', visibility: 'internal', sender: 'agent', subject: 'Anruf', body: 'Frau Groß hat ihr Kennwort vergessen.' }],
    });
    const { page } = kontor;
    await new LoginPage(page).waitUntilShown();
    await new LoginPage(page).logIn('mmueller', demoPassword);
    const sync = new SyncIndicatorModel(page);
    await sync.waitFor('online', 30_000);
    await sync.searchIndex.waitFor({ state: 'detached', timeout: 30_000 });
    search = new SearchFieldModel(page);
    zoom = new TicketZoomPage(page);
  }, 180_000);
  afterAll(() => kontor.close());

  it('finds a ticket by its customer’s name with umlauts and opens it with Enter, keyboard only', async () => {
    const { page } = kontor;
    await page.locator('body').focus();
    await page.keyboard.press('/');
    expect(await search.input.evaluate((input) => input === document.activeElement)).toBe(true);
    // Käthe Groß works at the Löwe bank too: Jürgen Löwe's name, both words, finds his ticket alone.
    await search.type('Jürgen Löwe');
    await search.listbox.waitFor();
    await search.settled();
    expect(await search.optionTexts(groups.tickets)).toEqual([expect.stringMatching(/^\d{14} Fehlende Buchung im Depot 4711$/u)]);
    await screenshot(page, 'search-results-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.keyboard.press('ArrowDown');
    expect(await search.activeOptionText()).toMatch(/Fehlende Buchung im Depot 4711$/u);
    await page.keyboard.press('Enter');
    await zoom.waitFor(ids.depot);
    expect(await search.listbox.count()).toBe(0);
    // What was typed is still there.
    expect(await search.input.inputValue()).toBe('Jürgen Löwe');

    // On through the zoom by keyboard: Tab reaches the tabs, focus always visible, the arrows switch them.
    let onTab = false;
    for (let step = 0; step < 40 && !onTab; step += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement;
        return { role: element?.getAttribute('role') ?? null, visible: element?.matches(':focus-visible') ?? false };
      });
      expect(focused.visible).toBe(true);
      onTab = focused.role === 'tab';
    }
    expect(onTab).toBe(true);
    await page.keyboard.press('ArrowRight');
    await zoom.zoom.locator('.ticket-history').waitFor();
    expect(await zoom.historyRows()).not.toEqual([]);

    // The same ticket in plain letters: folded alike.
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Control+a');
    await search.type('Juergen Loewe');
    await search.settled();
    expect(await search.optionTexts(groups.tickets)).toEqual([expect.stringMatching(/Fehlende Buchung im Depot 4711$/u)]);
    await page.keyboard.press('Escape');
    await search.listbox.waitFor({ state: 'detached' });
    expect(await search.input.inputValue()).toBe('Juergen Loewe');
  });

  it('finds a word of an article, offers all article text, and Shift+Enter asks again over everything', async () => {
    const inArticle: unknown = expect.stringMatching(/Fehlende Buchung im Depot 4711 Bei der Zinsgutschrift fehlt die Buchung\.$/u);
    const { page } = kontor;
    // Another ticket is open: opening the match would show in the address.
    await zoom.open(ids.other);
    await search.input.focus();
    await page.keyboard.press('Control+a');
    await search.type('Zinsgutschrift');
    await search.settled();
    expect(await search.group(groups.tickets).count()).toBe(0);
    // The matching passage of the article, with the word marked.
    expect(await search.optionTexts(groups.articles)).toEqual([inArticle]);
    expect(await search.group(groups.articles).locator('mark').allInnerTexts()).toEqual(['Zinsgutschrift']);
    expect(await search.listbox.getByRole('option', { name: /In allen Artikeln suchen/u }).count()).toBe(1);
    expect(await search.dropdown.locator('.search-scope').innerText()).toBe('Artikeltexte der zuletzt aktiven Tickets durchsucht.');
    await screenshot(page, 'search-articles-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.keyboard.press('Shift+Enter');
    await search.dropdown.locator('.search-scope').filter({ hasText: 'Alle Artikeltexte durchsucht.' }).waitFor();
    expect(await search.listbox.getByRole('option', { name: /In allen Artikeln suchen/u }).count()).toBe(0);
    expect(await search.optionTexts(groups.articles)).toEqual([inArticle]);
    // Shift+Enter only widened the search; Enter opens the first match (below).
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/ticket/${ids.other}`);

    await switchLanguage(page, 'English');
    await search.input.focus();
    const english = new SearchFieldModel(page, { results: 'Search results' });
    await english.listbox.waitFor();
    expect(await english.optionTexts('Found in article text')).toEqual([inArticle]);
    expect(await english.dropdown.locator('.search-scope').innerText()).toBe('All article text searched.');
    await screenshot(page, 'search-articles-en');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await zoom.waitFor(ids.depot);
    await switchLanguage(page, 'Deutsch');
  });

  it('says when nothing matches and keeps the text while the answer comes', async () => {
    const { page } = kontor;
    await search.input.focus();
    await page.keyboard.press('Control+a');
    await search.type('Quartalsbericht');
    await search.dropdown.getByText('Keine Treffer für „Quartalsbericht“.').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Keine Treffer für „Quartalsbericht“.' }).count()).toBe(1);
    // Typed fast, nothing lost: the field holds every key, the answer follows the last.
    await page.keyboard.press('Control+a');
    await search.input.pressSequentially('Kennwort', { delay: 0 });
    expect(await search.input.inputValue()).toBe('Kennwort');
    await search.settled();
    expect(await search.optionTexts(groups.tickets)).toEqual([expect.stringMatching(/Kennwort zurücksetzen$/u)]);
    await page.keyboard.press('Enter');
    await zoom.waitFor(ids.other);
  });
});
