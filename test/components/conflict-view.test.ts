import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editIds, reappliedId } from './harness/fixtures/data.js';
import { accessibilityViolations, consoleProblems, recorded, screenshot, harnessForThisFile } from './support/harness-page.js';

// The ticket's edit states (features/ticket/components/edit-states.tsx): what waits in the outbox,
// what the server refused, and conflicts with the server's value beside the agent's. Decisions go
// to the main process as `tickets.resolveEdit`, recorded by the harness's `window.kontor`.

const harness = harnessForThisFile();

const refused = (page: Page, mutationId: string): Locator => page.locator(`li[data-mutation-id="${mutationId}"]`);

/** The conflict table's row of `field` as [field, theirs, mine], in the words on screen. */
async function conflictRow(item: Locator, field: string): Promise<string[]> {
  const row = item.locator(`tr[data-field="${field}"]`);
  return [await row.getByRole('rowheader').innerText(), await row.locator('[data-side="theirs"]').innerText(), await row.locator('[data-side="mine"]').innerText()];
}

/** Tab (forwards) until `target` has the focus; fails if it is not reachable within `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 20): Promise<number> {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((node) => node === document.activeElement)) return presses;
  }
  throw new Error(`not reachable with ${String(limit)} Tab presses`);
}

async function resolveCalls(page: Page) {
  return (await recorded(page)).calls.filter((call) => call.channel === 'tickets.resolveEdit').map((call) => call.input);
}

describe('edit states and conflicts', { timeout: 60_000 }, () => {
  it('show pending, refused and conflicting edits in words, the server value beside mine', async () => {
    const page = await harness.mount('edit-states');
    const section = page.getByRole('region', { name: 'Ihre Änderungen an diesem Ticket' });
    await section.waitFor();

    const pending = section.locator('li.edit-pending');
    expect(await pending.allInnerTexts()).toEqual([
      'Artikel hinzufügen: ausstehend seit 08:56, wird gesendet, sobald Kontor Server erreichbar ist',
      'Sperren: vom Server angenommen, wird gleich angezeigt',
    ]);

    const rejected = refused(page, editIds.rejected);
    expect(await rejected.getAttribute('data-edit-status')).toBe('rejected');
    expect(await rejected.locator('.edit-line').innerText()).toBe('Status ändern: vom Server abgelehnt');
    expect(await rejected.locator('.edit-reason').innerText()).toBe('Dafür fehlt Ihnen die Berechtigung in dieser Queue.');
    expect(await rejected.getByRole('button').allInnerTexts()).toEqual(['Änderung verwerfen', 'Erneut senden']);

    const priority = refused(page, editIds.priorityConflict);
    expect(await priority.locator('.edit-line').innerText()).toBe('Priorität ändern: Konflikt – das Ticket wurde inzwischen geändert');
    const table = priority.getByRole('table', { name: 'Priorität ändern: Konflikt – das Ticket wurde inzwischen geändert' });
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Feld', 'Stand auf dem Server', 'Ihre Änderung']);
    // In the words of the list and docs/api.md: 1 is the highest priority.
    expect(await conflictRow(priority, 'priority')).toEqual(['Priorität', '1 (sehr hoch)', '5 (sehr niedrig)']);
    expect(await priority.getByRole('button').allInnerTexts()).toEqual(['Stand des Servers behalten', 'Meine Änderung erneut anwenden']);

    // Queue names come from the main process (`queues.overview`), once it answered.
    const move = refused(page, editIds.moveConflict);
    await expect.poll(() => conflictRow(move, 'queueId')).toEqual(['Queue', 'Wertpapiere::Verwahrung', 'Wertpapiere::Abwicklung']);

    expect((await recorded(page)).violations).toEqual([]);
    expect(consoleProblems(page)).toEqual([]);
    await screenshot(page, 'edit-states-de');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('send "keep theirs" and "apply mine again" by keyboard, each with its edit and decision', async () => {
    const page = await harness.mount('edit-states');
    const priority = refused(page, editIds.priorityConflict);
    const move = refused(page, editIds.moveConflict);
    await priority.waitFor();

    const keepTheirs = priority.getByRole('button', { name: 'Stand des Servers behalten' });
    await tabTo(page, keepTheirs);
    expect(await keepTheirs.evaluate((node) => getComputedStyle(node).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(() => resolveCalls(page)).toEqual([{ mutationId: editIds.priorityConflict, decision: 'keep-theirs' }]);

    const applyMine = move.getByRole('button', { name: 'Meine Änderung erneut anwenden' });
    await tabTo(page, applyMine);
    await page.keyboard.press('Space');
    await expect.poll(() => resolveCalls(page)).toEqual([
      { mutationId: editIds.priorityConflict, decision: 'keep-theirs' },
      { mutationId: editIds.moveConflict, decision: 'apply-mine' },
    ]);
    // Nothing went wrong, so nothing is said to have gone wrong; the answer fitted the contract.
    expect(await page.getByRole('alert').count()).toBe(0);
    expect((await recorded(page)).violations).toEqual([]);
    expect(reappliedId).toMatch(/^[0-9a-f-]{36}$/u);
    expect(consoleProblems(page)).toEqual([]);
  });

  it('say so when a decision cannot be stored, and keep the edit on screen', async () => {
    const page = await harness.mount('edit-states');
    const rejected = refused(page, editIds.rejected);
    await rejected.waitFor();
    await rejected.getByRole('button', { name: 'Änderung verwerfen' }).focus();
    await page.keyboard.press('Enter');

    const alert = rejected.getByRole('alert');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.innerText()).toContain('Die Entscheidung konnte nicht gespeichert werden');
    expect(await alert.innerText()).toContain('Das Gesuchte ist nicht (mehr) vorhanden. Bitte laden Sie die Ansicht neu.');
    expect(await alert.getAttribute('data-reason')).toBe('not-found');
    expect(await resolveCalls(page)).toEqual([{ mutationId: editIds.rejected, decision: 'keep-theirs' }]);
    // The refused edit and both ways out stay: the agent can try again.
    expect(await rejected.getByRole('button').allInnerTexts()).toEqual(['Änderung verwerfen', 'Erneut senden']);
    expect(await rejected.getByRole('button', { name: 'Erneut senden' }).isEnabled()).toBe(true);
    await screenshot(page, 'edit-states-failed-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    // An IPC failure is a typed result, not a page error.
    expect(consoleProblems(page)).toEqual([]);
  });

  it('speak English', async () => {
    const page = await harness.mount('edit-states', { language: 'en' });
    const section = page.getByRole('region', { name: 'Your edits of this ticket' });
    await section.waitFor();
    expect(await section.locator('li.edit-pending').first().innerText()).toBe('Add article: pending since 08:56, sent once Kontor Server can be reached');
    const priority = refused(page, editIds.priorityConflict);
    expect(await priority.getByRole('button').allInnerTexts()).toEqual(['Keep theirs', 'Apply mine again']);
    expect((await conflictRow(priority, 'priority'))[0]).toBe('Priority');
    expect(await refused(page, editIds.rejected).locator('.edit-reason').innerText()).toBe('You lack the permission for this in this queue.');
    await screenshot(page, 'edit-states-en');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
