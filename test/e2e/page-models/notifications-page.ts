import type { BrowserContext, Locator, Page } from 'playwright-core';

/** A web notice the page made, as the recording stand-in saw it. */
export interface RecordedNotice {
  title: string;
  body: string;
  tag: string;
}

declare global {
  interface Window {
    /** The notices the page asked the browser to show (the recording stand-in below). */
    recordedNotices?: { title: string; body: string; tag: string; onclick: (() => void) | null }[];
  }
}

/**
 * The browser's own Notification class, replaced before any script of ours runs by one that
 * records what the page shows (headless Chromium shows nothing one could look at). Permission
 * and asking stay the browser's: the stand-in passes them through to the real class.
 */
function recordNotices(): void {
  const Real = window.Notification;
  window.recordedNotices = [];
  class RecordingNotification {
    static get permission(): NotificationPermission {
      return Real.permission;
    }
    static requestPermission(): Promise<NotificationPermission> {
      return Real.requestPermission();
    }
    onclick: (() => void) | null = null;
    closed = false;
    readonly body: string;
    readonly tag: string;
    constructor(
      readonly title: string,
      options: NotificationOptions = {},
    ) {
      this.body = options.body ?? '';
      this.tag = options.tag ?? '';
      window.recordedNotices?.push(this);
    }
    close(): void {
      this.closed = true;
    }
  }
  Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true, writable: true });
}

/** The header's notification button and its settings dialog, used by keyboard as an agent would. */
export class NotificationsPage {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
  }

  /** Grants the permission for the Desk's origin and records notices from the next load on (reloads the page). */
  static async install(context: BrowserContext, page: Page, origin: string): Promise<void> {
    await context.grantPermissions(['notifications'], { origin });
    await page.addInitScript(recordNotices);
    await page.reload();
  }

  /** The header's button, whatever its name says after the words. */
  button(name: 'Benachrichtigungen' | 'Notifications' = 'Benachrichtigungen'): Locator {
    return this.page.getByRole('banner').getByRole('button', { name: new RegExp(`^${name}`, 'u') });
  }

  /** Tabs from the top of the page to the button (no mouse, no focus() call) and opens it with Enter. */
  async openByKeyboard(name: 'Benachrichtigungen' | 'Notifications' = 'Benachrichtigungen'): Promise<void> {
    await this.tabTo(this.button(name), 40);
    await this.page.keyboard.press('Enter');
    await this.dialog.waitFor();
  }

  queue(name: string): Locator {
    return this.dialog.getByRole('checkbox', { name });
  }

  kind(name: string): Locator {
    return this.dialog.getByRole('switch', { name });
  }

  /** Tabs through the dialog to a queue's checkbox and ticks (or unticks) it with Space; done when the main process answered. */
  async toggleQueueByKeyboard(name: string): Promise<void> {
    const box = this.queue(name);
    const before = await box.isChecked();
    await this.tabTo(box, 30);
    await this.page.keyboard.press('Space');
    await this.page.waitForFunction(
      ([label, was]) => {
        const input = Array.from(document.querySelectorAll<HTMLInputElement>('[role="dialog"] input[type="checkbox"]')).find((element) => element.labels?.[0]?.textContent === label);
        return input !== undefined && input.checked !== was && input.getAttribute('aria-busy') !== 'true';
      },
      [name, before] as const,
    );
  }

  async notices(): Promise<RecordedNotice[]> {
    return this.page.evaluate(() => (window.recordedNotices ?? []).map(({ title, body, tag }) => ({ title, body, tag })));
  }

  async waitForNotices(count: number, timeout = 15_000): Promise<RecordedNotice[]> {
    await this.page.waitForFunction((n) => (window.recordedNotices?.length ?? 0) >= n, count, { timeout });
    return this.notices();
  }

  /** What the browser does when the agent clicks the notice: its onclick. */
  async click(index: number): Promise<void> {
    await this.page.evaluate((i) => window.recordedNotices?.[i]?.onclick?.(), index);
  }

  private async tabTo(target: Locator, maxTabs: number): Promise<void> {
    for (let step = 0; step < maxTabs; step += 1) {
      if (await target.evaluate((element) => element === document.activeElement || element.contains(document.activeElement))) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`no focus on ${String(target)} after ${String(maxTabs)} tabs`);
  }
}
