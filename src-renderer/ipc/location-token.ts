const tokenPattern = /^[0-9a-f]{16,512}$/iu;
const historyStateKey = 'kontorIpcToken';

function historyState(): Record<string, unknown> {
  const state: unknown = window.history.state;
  return typeof state === 'object' && state !== null ? { ...(state as Record<string, unknown>) } : {};
}

/**
 * The browser host's per-run token. It arrives in the fragment (`#token=HEX`), which is then
 * removed from the address bar so that it is not copied, bookmarked or seen on screen. It is kept
 * in the history entry's state (never in the address, never in storage) so that reloading the tab
 * reconnects and `session.current` restores the session.
 */
export function takeTokenFromLocation(): string | null {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/u, ''));
  const fromFragment = fragment.get('token');
  const state = historyState();
  if (fromFragment !== null) {
    fragment.delete('token');
    const rest = fragment.toString();
    const address = `${window.location.pathname}${window.location.search}${rest === '' ? '' : `#${rest}`}`;
    window.history.replaceState({ ...state, [historyStateKey]: fromFragment }, '', address);
  }
  const stored = state[historyStateKey];
  const token = fromFragment ?? (typeof stored === 'string' ? stored : null);
  return token !== null && tokenPattern.test(token) ? token : null;
}

/**
 * The history state a new entry of this tab must carry: the token, so that reloading any screen
 * the agent navigated to still reconnects. The router passes it to every push and replace.
 */
export function carriedHistoryState(): Record<string, unknown> {
  const stored = historyState()[historyStateKey];
  return typeof stored === 'string' ? { [historyStateKey]: stored } : {};
}
