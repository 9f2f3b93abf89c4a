import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { freePort } from '../harness/free-port.js';
import { startKontor, type KontorUnderTest } from './kontor-fixture.js';
import { accessibilityViolations, screenshot } from './page-checks.js';
import { LoginPage } from './page-models/login-page.js';
import { englishShell, ShellPage } from './page-models/shell-page.js';
import { WorkspacePage } from './page-models/workspace-page.js';

describe('signing in to Kontor Desk', () => {
  let kontor: KontorUnderTest;
  beforeAll(async () => {
    kontor = await startKontor();
  });
  afterAll(() => kontor.close());

  it('shows the German login screen first, without accessibility violations', async () => {
    const login = new LoginPage(kontor.page);
    await login.waitUntilShown();
    expect(await kontor.page.getAttribute('html', 'lang')).toBe('de');
    await screenshot(kontor.page, 'login-de');
    expect(await accessibilityViolations(kontor.page)).toEqual([]);
  });

  it('says why a login failed and keeps the typed user name', async () => {
    const login = new LoginPage(kontor.page);
    const cases: [string, string, string][] = [
      ['mmueller', 'falsch', 'invalid-credentials'],
      ['niemand.da', 'falsch', 'invalid-credentials'],
      ['mmueller', '', 'empty-password'],
      ['jschmidt', demoPassword, 'no-agent-role'],
      // A customer user with their right password: the Desk never binds a customer's entry (the portal is theirs).
      ['jsmith', demoPassword, 'invalid-credentials'],
      ['twagner', demoPassword, 'account-locked'],
      ['afischer', demoPassword, 'password-expired'],
    ];
    const messages = new Map<string, string>();
    for (const [username, password, reason] of cases) {
      await login.logIn(username, password);
      expect(await login.errorReason(), username).toBe(reason);
      expect(await login.username.inputValue()).toBe(username);
      messages.set(`${username}:${reason}`, await kontor.page.locator('[role="alert"][data-reason]').innerText());
      if (reason === 'invalid-credentials') await screenshot(kontor.page, 'login-invalid-credentials');
      if (reason === 'account-locked') await screenshot(kontor.page, 'login-account-locked');
    }
    // An unknown user and a wrong password read the same, so user names cannot be probed.
    expect(messages.get('niemand.da:invalid-credentials')).toBe(messages.get('mmueller:invalid-credentials'));
  });

  it('signs in to the workspace, shows name, roles and permissions, finds institutions, survives a reload, switches language and logs out', async () => {
    const { page } = kontor;
    const login = new LoginPage(page);
    await login.logIn('  MMueller ', demoPassword);
    const shell = new ShellPage(page);
    await shell.waitUntilShown();
    // The workspace opens on the agent's own tickets, with its own address.
    const workspace = new WorkspacePage(page);
    await workspace.list.waitUntilLoaded();
    expect(workspace.route()).toBe('/view/mine');
    expect(await shell.agentButton.innerText()).toBe('Maria Müller');
    const panel = await shell.agentPanelText();
    expect(panel).toContain('Maria Müller');
    expect(panel).toContain('uid=mmueller,ou=people,dc=kontor,dc=example');
    for (const role of ['serviceline', 'settlement', 'teamlead']) expect(panel).toContain(role);
    await screenshot(page, 'shell-agent-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shell.closeAgentPanel();
    await screenshot(page, 'shell-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The institution filter finds institutions among the customer users, in the cache and the live directory.
    const globex = await workspace.list.institutionOptions('Globex');
    expect(globex).toContain('Globex (Europe) *Ltd*');
    await screenshot(page, 'institution-search-de');
    expect(await workspace.list.institutionOptions('*)(uid=*')).toEqual([]);
    expect(await workspace.list.institutionOptions('Löwe')).toContain('Bankhaus Löwe & Söhne KG');
    await page.keyboard.press('Escape');

    await page.reload();
    await shell.waitUntilShown();
    expect(workspace.route()).toBe('/view/mine');

    await shell.switchLanguage('English');
    const english = new ShellPage(page, englishShell);
    await english.waitUntilShown();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await screenshot(page, 'shell-en');
    await english.logout.click();
    await new LoginPage(page, { heading: 'Sign in', username: 'User name', password: 'Password', submit: 'Sign in' }).waitUntilShown();
    await screenshot(page, 'login-en');
    expect(kontor.consoleErrors).toEqual([]);
  });
});

describe('when something outside the Desk fails', () => {
  it('says the server cannot be reached', async () => {
    const kontor = await startKontor({ deskServerUrl: `http://127.0.0.1:${await freePort()}` });
    try {
      const login = new LoginPage(kontor.page);
      await login.logIn('mmueller', demoPassword);
      expect(await login.errorReason()).toBe('server-unreachable');
      expect(await login.username.inputValue()).toBe('mmueller');
      await screenshot(kontor.page, 'login-server-unreachable');
    } finally {
      await kontor.close();
    }
  });

  it('says the directory cannot be reached', async () => {
    const kontor = await startKontor({ serverDirectory: { url: `ldaps://127.0.0.1:${await freePort()}` } });
    try {
      const login = new LoginPage(kontor.page);
      await login.logIn('mmueller', demoPassword);
      expect(await login.errorReason()).toBe('directory-unavailable');
    } finally {
      await kontor.close();
    }
  });

  it('says when there were too many attempts', async () => {
    const kontor = await startKontor({ throttle: { perUsername: { maxFailures: 2, windowMinutes: 15 } } });
    try {
      const login = new LoginPage(kontor.page);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        await login.logIn('sobrien', 'falsch');
        expect(await login.errorReason()).toBe('invalid-credentials');
      }
      await login.logIn('sobrien', demoPassword);
      expect(await login.errorReason()).toBe('too-many-attempts');
      // The server's wait (15 minutes from the first failure, a moment ago), in whole minutes.
      const german = await login.errorMessage();
      expect(german).toContain('Bitte warten Sie etwa 15 Minuten');
      expect(german).not.toContain('einige Minuten');
      await screenshot(kontor.page, 'login-too-many-attempts');
      await login.switchLanguage('English');
      expect(await login.errorMessage()).toContain('Please wait about 15 minutes');
      await screenshot(kontor.page, 'login-too-many-attempts-en');
      expect(kontor.consoleErrors).toEqual([]);
    } finally {
      await kontor.close();
    }
  });
});
