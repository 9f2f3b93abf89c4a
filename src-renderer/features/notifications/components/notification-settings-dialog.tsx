import { Checkbox, Loader, Modal, Stack, Switch, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { noticeKinds, type NoticeKind, type NotificationSettings } from '../../../../src-shared/ipc/notifications.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { useT } from '../../../i18n/use-t.js';
import { useSetKind, useSetWatch } from '../mutations.js';
import { notificationKeys, useNotificationSettings } from '../queries.js';
import { useWebPermission } from '../web-notices.js';
import { BrowserPermission } from './browser-permission.js';
import { QueueName } from './queue-name.js';

interface DialogProps {
  opened: boolean;
  onClose: () => void;
  /** The browser host shows notices through the browser, whose permission the dialog shows and asks for. */
  inBrowser: boolean;
}

/** The agent's notification settings: the browser's permission, the kinds of notice, the watched queues. */
export function NotificationSettingsDialog({ opened, onClose, inBrowser }: DialogProps) {
  const t = useT();
  const settings = useNotificationSettings();
  const queryClient = useQueryClient();
  // The queues may have come with the sync since the header first asked: read again on opening.
  useEffect(() => {
    if (opened) void queryClient.invalidateQueries({ queryKey: notificationKeys.settings() });
  }, [opened, queryClient]);
  const [permission, askPermission] = useWebPermission(opened);
  // Switching something on is the moment to ask the browser, once: the click is the gesture it wants.
  const askOnEnable = (enabled: boolean) => {
    if (enabled && inBrowser && permission === 'default') askPermission();
  };
  return (
    // lockScroll off: its scroll lock inserts a <style> element, which the CSP refuses; the page does not scroll anyway.
    <Modal.Root opened={opened} onClose={onClose} size="lg" lockScroll={false} transitionProps={{ duration: 0 }}>
      <Modal.Overlay />
      <Modal.Content>
        {/* A plain box, not Mantine's <header>: inside a dialog that would be a second banner landmark. */}
        <Modal.Header role="none">
          <Modal.Title>{t('notifications.title')}</Modal.Title>
          <Modal.CloseButton aria-label={t('notifications.close')} />
        </Modal.Header>
        <Modal.Body>
          <div className="notification-settings">
            <Text size="sm">{t('notifications.intro')}</Text>
            {inBrowser && <BrowserPermission permission={permission} onAsk={askPermission} />}
            {settings.isPending && (
              <Text size="sm" role="status">
                <Loader size="xs" mr="xs" aria-hidden="true" />
                {t('notifications.loading')}
              </Text>
            )}
            {settings.isError && <ReasonAlert title={t('notifications.load-failed')} error={settings.error} />}
            {settings.data && <SettingsForm settings={settings.data} onEnable={askOnEnable} />}
          </div>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}

function SettingsForm({ settings, onEnable }: { settings: NotificationSettings; onEnable: (enabled: boolean) => void }) {
  const t = useT();
  const setKind = useSetKind();
  const setWatch = useSetWatch();
  const watched = settings.queues.filter((queue) => queue.watched).length;
  const failed = setKind.error ?? setWatch.error;
  const kindLabel = { 'new-ticket': 'notifications.kind.new-ticket', reminder: 'notifications.kind.reminder', 'clock-warning': 'notifications.kind.clock-warning' } as const;
  const kindHint = {
    'new-ticket': 'notifications.kind.new-ticket.hint',
    reminder: 'notifications.kind.reminder.hint',
    'clock-warning': 'notifications.kind.clock-warning.hint',
  } as const;
  const pendingKind: NoticeKind | null = setKind.isPending ? setKind.variables.kind : null;
  const pendingQueue: string | null = setWatch.isPending ? setWatch.variables.queueId : null;
  return (
    <>
      {failed && <ReasonAlert title={t('notifications.save-failed')} error={failed} />}
      <fieldset>
        <legend>{t('notifications.kinds')}</legend>
        <Stack gap="sm">
          {noticeKinds.map((kind) => (
            <Switch
              key={kind}
              label={t(kindLabel[kind])}
              description={t(kindHint[kind])}
              checked={settings.kinds[kind]}
              // Not disabled while saving: a disabled control loses the keyboard focus. A second press waits instead.
              aria-busy={pendingKind === kind}
              onChange={(event) => {
                if (pendingKind === kind) return;
                const enabled = event.currentTarget.checked;
                onEnable(enabled);
                setKind.mutate({ kind, enabled });
              }}
            />
          ))}
        </Stack>
      </fieldset>
      <fieldset>
        <legend>{t('notifications.queues')}</legend>
        <Text size="sm" id="notification-queues-state">
          {settings.queues.length === 0
            ? t('notifications.queues.empty')
            : watched === 0
              ? t('notifications.queues.none-watched')
              : t('notifications.queues.count', watched, settings.queues.length)}
        </Text>
        {!settings.kinds['new-ticket'] && settings.queues.length > 0 && (
          <Text size="sm" mt={4}>
            {t('notifications.queues.off')}
          </Text>
        )}
        <ul className="notification-queue-list" aria-describedby="notification-queues-state">
          {settings.queues.map((queue) => (
            <li key={queue.queueId}>
              <Checkbox
                label={<QueueName name={queue.name} />}
                checked={queue.watched}
                aria-busy={pendingQueue === queue.queueId}
                onChange={(event) => {
                  if (pendingQueue === queue.queueId) return;
                  const watch = event.currentTarget.checked;
                  onEnable(watch);
                  setWatch.mutate({ queueId: queue.queueId, watched: watch });
                }}
              />
            </li>
          ))}
        </ul>
      </fieldset>
    </>
  );
}
