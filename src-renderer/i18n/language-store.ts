import { z } from 'zod';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { languageSchema, type Language } from '../../src-shared/ipc/app.js';

interface LanguageState {
  language: Language;
  setLanguage: (language: Language) => void;
}

const persistedSchema = z.object({ language: languageSchema });

/** The chosen UI language: UI state only, kept in localStorage across restarts. German by default. */
export const useLanguageStore = create<LanguageState>()(
  persist(
    (set) => ({
      language: 'de',
      setLanguage: (language) => set({ language }),
    }),
    {
      name: 'kontor.desk.ui-language',
      version: 1,
      storage: createJSONStorage(() => window.localStorage),
      partialize: (state) => ({ language: state.language }),
      // Whatever is in storage is untrusted: anything but a known language falls back to the default.
      merge: (persisted, current) => {
        const parsed = persistedSchema.safeParse(persisted);
        return parsed.success ? { ...current, language: parsed.data.language } : current;
      },
    },
  ),
);
