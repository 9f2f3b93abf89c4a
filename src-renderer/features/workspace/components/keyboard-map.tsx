import { Kbd, Modal } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import type { MessageKey } from '../../../i18n/messages.js';
import { useT } from '../../../i18n/use-t.js';
import { useLanguageStore } from '../../../i18n/language-store.js';

/** A key as printed on a German or English keyboard. */
type Key = string | { de: string; en: string };

interface Shortcut {
  /** Alternatives ("j" or "↓"); each a sequence of keys ("g" then "q"). */
  keys: Key[][];
  what: MessageKey;
}

const sections: { title: MessageKey; shortcuts: Shortcut[] }[] = [
  {
    title: 'keys.section.navigation',
    shortcuts: [
      { keys: [['?']], what: 'keys.show-map' },
      { keys: [['/'], [{ de: 'Strg+K', en: 'Ctrl+K' }]], what: 'keys.search' },
      { keys: [['g', 'q']], what: 'keys.go-queues' },
      { keys: [['g', 'l']], what: 'keys.go-list' },
      { keys: [['n']], what: 'keys.new-phone-ticket' },
    ],
  },
  {
    title: 'keys.section.list',
    shortcuts: [
      { keys: [['j'], ['↓']], what: 'keys.next' },
      { keys: [['k'], ['↑']], what: 'keys.previous' },
      { keys: [[{ de: 'Pos1', en: 'Home' }], [{ de: 'Ende', en: 'End' }]], what: 'keys.first-last' },
      { keys: [[{ de: 'Bild ↓', en: 'Page Down' }], [{ de: 'Bild ↑', en: 'Page Up' }]], what: 'keys.page' },
      { keys: [[{ de: 'Eingabe', en: 'Enter' }]], what: 'keys.open' },
    ],
  },
  {
    title: 'keys.section.ticket',
    shortcuts: [
      { keys: [[{ de: 'Esc', en: 'Esc' }], [{ de: 'Rücktaste', en: 'Backspace' }]], what: 'keys.back' },
      { keys: [['i']], what: 'keys.note' },
      { keys: [['r']], what: 'keys.reply' },
      { keys: [['m']], what: 'keys.move' },
      { keys: [['p']], what: 'keys.pend' },
      { keys: [['c']], what: 'keys.close-ticket' },
      { keys: [['l']], what: 'keys.lock' },
      { keys: [['o']], what: 'keys.owner' },
      { keys: [['t']], what: 'keys.time' },
      { keys: [[{ de: 'Strg+Eingabe', en: 'Ctrl+Enter' }]], what: 'keys.submit' },
    ],
  },
];

/** The keyboard map on `?`: every shortcut of the workspace, in the agent's language. */
export function KeyboardMap({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const name = (key: Key): string => (typeof key === 'string' ? key : key[language]);
  const joined = (parts: ReactNode[], separator: string): ReactNode[] =>
    parts.flatMap((part, index) => (index === 0 ? [part] : [<span key={`sep-${String(index)}`} className="key-separator">{` ${separator} `}</span>, part]));
  return (
    // lockScroll off: its scroll lock inserts a <style> element, which the CSP refuses; the page does not scroll anyway.
    <Modal.Root opened={opened} onClose={onClose} size="lg" lockScroll={false} transitionProps={{ duration: 0 }}>
      <Modal.Overlay />
      <Modal.Content>
        {/* A plain box, not Mantine's <header>: inside a dialog that would be a second banner landmark. */}
        <Modal.Header role="none">
          <Modal.Title>{t('keys.title')}</Modal.Title>
          <Modal.CloseButton aria-label={t('keys.close')} />
        </Modal.Header>
        <Modal.Body>
          <div className="keyboard-map">
            {sections.map((section) => (
              <section key={section.title} className="keyboard-map-section">
                <h3 className="keyboard-map-heading">{t(section.title)}</h3>
                <dl className="key-list">
                  {section.shortcuts.map((shortcut) => (
                    <Fragment key={shortcut.what}>
                      <dt>
                        {joined(
                          shortcut.keys.map((sequence, index) => (
                            <span key={String(index)} className="key-sequence">
                              {joined(
                                sequence.map((key) => <Kbd key={name(key)} size="xs">{name(key)}</Kbd>),
                                t('keys.then'),
                              )}
                            </span>
                          )),
                          t('keys.or'),
                        )}
                      </dt>
                      <dd>{t(shortcut.what)}</dd>
                    </Fragment>
                  ))}
                </dl>
              </section>
            ))}
          </div>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
