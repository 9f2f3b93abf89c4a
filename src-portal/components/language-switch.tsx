import { SegmentedControl } from '@mantine/core';
import { languages } from '../i18n/messages.js';
import { useLanguageStore, useT } from '../i18n/use-t.js';

export function LanguageSwitch() {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const setLanguage = useLanguageStore((state) => state.setLanguage);
  return (
    <SegmentedControl
      size="xs"
      aria-label={t.language}
      value={language}
      onChange={(value) => setLanguage(value)}
      data={languages.map((entry) => ({ value: entry, label: t.languageNames[entry] }))}
    />
  );
}
