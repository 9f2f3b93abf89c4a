import { Group, SegmentedControl, Text, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { languageSchema, type Language } from '../../src-shared/ipc/app.js';
import { useLanguageStore } from '../i18n/language-store.js';
import { useT } from '../i18n/use-t.js';

// Each language is named in itself, so an agent who cannot read the current one still finds theirs.
const languages: readonly { value: Language; short: string; name: string }[] = [
  { value: 'de', short: 'DE', name: 'Deutsch' },
  { value: 'en', short: 'EN', name: 'English' },
];

/** DE/EN as a radio group: Tab reaches it, the arrow keys switch. */
export function LanguageSwitch() {
  const t = useT();
  const labelId = useId();
  const language = useLanguageStore((state) => state.language);
  const setLanguage = useLanguageStore((state) => state.setLanguage);
  return (
    <Group gap="xs" wrap="nowrap">
      <Text id={labelId} size="sm">
        {t('language.label')}
      </Text>
      <SegmentedControl
        size="xs"
        aria-labelledby={labelId}
        value={language}
        onChange={(value) => {
          const parsed = languageSchema.safeParse(value);
          if (parsed.success) setLanguage(parsed.data);
        }}
        data={languages.map(({ value, short, name }) => ({
          value,
          label: (
            <span lang={value}>
              <span aria-hidden="true">{short}</span>
              <VisuallyHidden>{name}</VisuallyHidden>
            </span>
          ),
        }))}
      />
    </Group>
  );
}
