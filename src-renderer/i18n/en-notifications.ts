import type { deNotifications } from './de-notifications.js';

/** English messages of the notifications feature; the same keys and parameters as the German ones. */
export const enNotifications = {
  'notifications.title': 'Notifications',
} satisfies { [K in keyof typeof deNotifications]: unknown };
