// Electron host: wiring only. The services live in desk.ts; this file connects them to
// Electron's window, IPC and shell, with the security baseline of ARCHITECTURE.md.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Notification, session, shell } from 'electron';
import { createLogger } from '../src-shared/node/log.js';
import { startDesk } from './desk.js';
import { createDispatcher } from './dispatcher.js';
import { forwardEvents, isOwnRendererUrl, registerIpcHandlers } from './hosts/electron/ipc-wiring.js';
import { createElectronNotifier } from './hosts/electron/notifier.js';
import { ElectronPrinter } from './hosts/electron/print.js';
import { createElectronSaver } from './hosts/electron/save-dialog.js';
import { hardenWebContents, rendererCsp } from './hosts/electron/window-security.js';
import { isSafeExternalUrl, type HostPlatform } from './hosts/platform.js';

const log = createLogger('desk');
const appRoot = app.getAppPath();
const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(path.join(appRoot, 'out', 'renderer', 'index.html')).href;
let mainWindow: BrowserWindow | null = null;
/** Set once the services run: a clicked notice asks the renderer to open its ticket. */
let openTicket: (ticketId: string) => void = () => undefined;

// Print windows: hidden, with the Desk window's preload and security, one per print.
const printer = new ElectronPrinter({
  openWindow: (options) => new BrowserWindow(options),
  rendererUrl,
  preload: path.join(appRoot, 'out', 'preload', 'index.cjs'),
  isOwnUrl: (url) => isOwnRendererUrl(url, rendererUrl),
});

const platform: HostPlatform = {
  kind: 'electron',
  userDataDir: app.getPath('userData'),
  resourcesDir: path.join(appRoot, 'resources'),
  openExternal: (url) => (isSafeExternalUrl(url) ? shell.openExternal(url) : Promise.reject(new Error('only http(s) addresses are opened'))),
  notify: createElectronNotifier(Notification, () => mainWindow, (ticketId) => openTicket(ticketId)),
  saveFile: createElectronSaver(dialog, () => mainWindow, () => app.getPath('downloads')),
  printToPdf: (request) => printer.printToPdf(request),
  print: (request) => printer.print(request),
};

app.enableSandbox();

void app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [rendererCsp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const desk = await startDesk(platform, log, { serverEntry: path.join(appRoot, 'out', 'server', 'index.mjs'), version: app.getVersion() });
  openTicket = (ticketId) => desk.bus.emit('notifications.open', { ticketId });
  const currentWindow = () => mainWindow?.webContents ?? null;
  const dispatch = createDispatcher(desk.handlers, (sender) => sender.transport === 'electron' && isOwnRendererUrl(sender.origin, rendererUrl), log, {
    cacheDamaged: desk.cacheDamaged,
  });
  registerIpcHandlers(ipcMain, dispatch, currentWindow, (id) => printer.owns(id));
  forwardEvents(desk.bus, currentWindow);

  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Kontor Desk',
    webPreferences: {
      preload: path.join(appRoot, 'out', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  hardenWebContents(mainWindow.webContents, (url) => void platform.openExternal(url), (url) => isOwnRendererUrl(url, rendererUrl));
  mainWindow.on('closed', () => {
    mainWindow = null;
    // Hidden print windows would keep the app from quitting ('window-all-closed' counts them).
    printer.closeAll();
  });
  await mainWindow.loadURL(rendererUrl);

  app.on('window-all-closed', () => {
    void desk.close().finally(() => app.quit());
  });
});
