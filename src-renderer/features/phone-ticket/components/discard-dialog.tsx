import { Button, Group, Modal } from '@mantine/core';
import { useT } from '../../../i18n/use-t.js';

/** "Verwerfen?": throwing away what was typed is asked once more; Escape or "Behalten" keeps it. */
export function DiscardDialog({ opened, onKeep, onDiscard }: { opened: boolean; onKeep: () => void; onDiscard: () => void }) {
  const t = useT();
  return (
    // lockScroll off: its scroll lock inserts a <style> element, which the CSP refuses.
    <Modal.Root opened={opened} onClose={onKeep} size="sm" lockScroll={false} transitionProps={{ duration: 0 }}>
      <Modal.Overlay />
      <Modal.Content>
        {/* A plain box, not Mantine's <header>: inside a dialog that would be a second banner landmark. */}
        <Modal.Header role="none">
          <Modal.Title>{t('phone.discard.title')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <p className="phone-discard-text">{t('phone.discard.text')}</p>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onKeep} data-autofocus>
              {t('phone.discard.keep')}
            </Button>
            <Button color="red.9" onClick={onDiscard}>
              {t('phone.discard.confirm')}
            </Button>
          </Group>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
