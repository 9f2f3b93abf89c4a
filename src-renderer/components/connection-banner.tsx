import { useConnectionState } from '../ipc/use-connection-state.js';
import { useT } from '../i18n/use-t.js';
import { ReconnectingIcon } from './status-icons.js';

/** Says in words while the transport to the main process is down (browser host only). */
export function ConnectionBanner() {
  const t = useT();
  const state = useConnectionState();
  // The live region stays mounted so that screen readers announce what appears in it.
  return (
    <div role="status" className="connection-banner">
      {state === 'reconnecting' && (
        <p className="banner banner-warning">
          <ReconnectingIcon />
          {t('connection.reconnecting')}
        </p>
      )}
    </div>
  );
}
