import { useEffect } from 'react';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { z } from 'zod';
import { de } from './de.js';
import { en } from './en.js';
import type { Language, Messages } from './messages.js';

interface LanguageState {
  language: Language;
  setLanguage: (language: Language) => void;
}

const persistedSchema = z.object({ language: z.enum(['de', 'en']) });

/** The chosen language: German by default, kept in localStorage (UI state only). */
export const useLanguageStore = create<LanguageState>()(
  persist(
    (set) => ({ language: 'de', setLanguage: (language) => set({ language }) }),
    {
      name: 'kontor.portal.language',
      version: 1,
      storage: createJSONStorage(() => window.localStorage),
      partialize: (state) => ({ language: state.language }),
      // Whatever is in storage is untrusted: anything but a known language falls back to German.
      merge: (persisted, current) => {
        const parsed = persistedSchema.safeParse(persisted);
        return parsed.success ? { ...current, language: parsed.data.language } : current;
      },
    },
  ),
);

const dictionaries: Record<Language, Messages> = { de, en };

export function useT(): Messages {
  return dictionaries[useLanguageStore((state) => state.language)];
}

/** Keeps `<html lang>` and the window title in the chosen language (screen readers, hyphenation). */
export function useDocumentLanguage(): void {
  const language = useLanguageStore((state) => state.language);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = dictionaries[language].appName;
  }, [language]);
}

const locales: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

/** Date and time as the bank's customers read them: in Frankfurt's time zone. */
export function useFormatInstant(): (iso: string) => string {
  const language = useLanguageStore((state) => state.language);
  const format = new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });
  return (iso) => format.format(new Date(iso));
}
