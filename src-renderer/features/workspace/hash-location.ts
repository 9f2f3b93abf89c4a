import { useEffect, useSyncExternalStore } from 'react';
import { carriedHistoryState } from '../../ipc/location-token.js';

/*
 * The workspace's address lives entirely in the fragment (`#/queue/<id>?sort=priority`): Electron
 * loads the renderer from a file and the browser host from a local server, and only the fragment
 * means the same under both. wouter's own hash hook puts the query into the real URL's search
 * and drops the history state; this one keeps the query inside the fragment and carries the
 * browser host's token (see ipc/location-token.ts) and the depth of the entry to every new entry.
 */

const depthKey = 'kontorDeskDepth';

function fragment(): string {
  return window.location.hash.replace(/^#/u, '');
}

function currentPath(): string {
  const value = fragment();
  const query = value.indexOf('?');
  const path = query === -1 ? value : value.slice(0, query);
  return path.startsWith('/') ? path : `/${path}`;
}

function currentSearch(): string {
  const value = fragment();
  const query = value.indexOf('?');
  return query === -1 ? '' : value.slice(query + 1);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
  };
}

/** How many entries of this workspace lie behind the current one (0: the first the tab shows). */
export function historyDepth(): number {
  const state: unknown = window.history.state;
  if (typeof state !== 'object' || state === null) return 0;
  const depth = (state as Record<string, unknown>)[depthKey];
  return typeof depth === 'number' ? depth : 0;
}

export interface NavigateOptions {
  /** Replace the current entry (a changed sort or filter) instead of adding one (a new screen). */
  replace?: boolean;
}

/** Goes to `to` (`/queue/<id>?sort=…`), adding a history entry unless `replace`. */
export function navigate(to: string, options: NavigateOptions = {}): void {
  const target = `#${to.startsWith('/') ? to : `/${to}`}`;
  if (target === window.location.hash) return;
  const oldURL = window.location.href;
  const depth = options.replace === true ? historyDepth() : historyDepth() + 1;
  const state = { ...carriedHistoryState(), [depthKey]: depth };
  const address = `${window.location.pathname}${window.location.search}${target}`;
  if (options.replace === true) window.history.replaceState(state, '', address);
  else window.history.pushState(state, '', address);
  window.dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: window.location.href }));
}

/** wouter's location hook: the path part of the fragment, and `navigate`. */
export function useHashLocation(): [string, typeof navigate] {
  return [useSyncExternalStore(subscribe, currentPath), navigate];
}
useHashLocation.hrefs = (href: string): string => `#${href}`;

/** wouter's search hook: the query part of the fragment, without `?`. */
export function useHashSearch(): string {
  return useSyncExternalStore(subscribe, currentSearch);
}

/**
 * Plain links to a place of the workspace (`<a href="#/ticket/…">`, as the ticket's links are)
 * go through `navigate`: the browser's own hash navigation makes an entry without the state that
 * `navigate` carries, and a reload there lost the browser host's token (the tab could no longer
 * reach the Desk) and the depth (the way back). wouter's links handle their clicks themselves.
 */
export function useInAppLinks(): void {
  useEffect(() => {
    const onClick = (event: MouseEvent): void => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href^="#/"]') : null;
      if (!(link instanceof HTMLAnchorElement) || (link.target !== '' && link.target !== '_self')) return;
      event.preventDefault();
      navigate((link.getAttribute('href') ?? '#/').slice(1));
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
}
