import { useEffect, useMemo } from 'react';
import type { Language } from '../../src-shared/ipc/app.js';
import { de } from './de.js';
import { en } from './en.js';
import { isKnownReason } from './known-reasons.js';
import { useLanguageStore } from './language-store.js';
import type { MessageArgs, MessageKey, Messages } from './messages.js';

const dictionaries: Record<Language, Messages> = { de, en };

export type Translate = <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => string;

export function translator(language: Language): Translate {
  const messages = dictionaries[language];
  return (key, ...args) => {
    const message: string | ((...params: never[]) => string) = messages[key];
    return typeof message === 'string' ? message : (message as (...params: unknown[]) => string)(...args);
  };
}

/** The translate function for the chosen language. */
export function useT(): Translate {
  const language = useLanguageStore((state) => state.language);
  return useMemo(() => translator(language), [language]);
}

/** The message key for a failure reason; reasons the contract does not know get a general message. */
export function reasonKey(reason: string): MessageKey {
  return isKnownReason(reason) ? `reason.${reason}` : 'reason.unknown';
}

/** A failure in the agent's words: with the wait when the failure carries one, else its reason's message. */
export function reasonMessage(t: Translate, error: { reason: string; retryAfterSeconds?: number | undefined }): string {
  if (error.reason === 'too-many-attempts' && error.retryAfterSeconds !== undefined) {
    return t('reason.too-many-attempts.retry-after', error.retryAfterSeconds);
  }
  return t(reasonKey(error.reason));
}

/** Keeps `<html lang>` on the chosen language, so screen readers pronounce the text right. */
export function useDocumentLanguage(): void {
  const language = useLanguageStore((state) => state.language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
}
