import { domainOf, parseMailbox } from './address.js';
import type { MailConfig } from './config.js';

/** What rendering a mail in the transaction needs from the configuration. */
export interface MailSettings {
  /** The domain of the sender's address: Message-IDs are `<uuid@domain>`. */
  messageIdDomain: string;
  portalUrl: string | null;
  signatures: Readonly<Record<string, string>>;
  /** `mail.senders`: the From of a queue's mail, `Name <address>`; a queue without one sends from `mail.from`. */
  senders: Readonly<Record<string, string>>;
}

/** The embedded default: no sender configured, the domain reserved for what is never delivered. */
export const defaultMailSettings: MailSettings = { messageIdDomain: 'kontor.invalid', portalUrl: null, signatures: {}, senders: {} };

export function mailSettingsFrom(config: MailConfig | undefined): MailSettings {
  if (!config) return defaultMailSettings;
  const from = parseMailbox(config.from);
  return {
    messageIdDomain: from ? domainOf(from.address) : defaultMailSettings.messageIdDomain,
    portalUrl: config.portalUrl ?? null,
    signatures: config.signatures,
    senders: config.senders,
  };
}

/** The signature of a queue: its own, its nearest parent's (`A::B` → `A`), then `default`; null without any. */
export function signatureOf(settings: MailSettings, queueName: string): string | null {
  return nearestOf(settings.signatures, queueName) ?? settings.signatures['default'] ?? null;
}

/** The sender of a queue's mail: its own, its nearest parent's; null for `mail.from`. */
export function senderOf(settings: MailSettings, queueName: string): string | null {
  return nearestOf(settings.senders, queueName);
}

/** The entry of a queue or of its nearest parent (`A::B::C` → `A::B` → `A`), null when none has one. */
function nearestOf(byQueue: Readonly<Record<string, string>>, queueName: string): string | null {
  const parts = queueName.split('::');
  for (let length = parts.length; length > 0; length -= 1) {
    const own = byQueue[parts.slice(0, length).join('::')];
    if (own !== undefined) return own;
  }
  return null;
}
