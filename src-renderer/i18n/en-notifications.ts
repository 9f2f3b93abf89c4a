import type { deNotifications } from './de-notifications.js';

/** English messages of the notifications feature; the same keys and parameters as the German ones. */
export const enNotifications = {
  'notifications.title': 'Notifications',
  'notifications.open': 'Notifications',
  'notifications.open.watching': (count: number) => `Notifications, ${count.toLocaleString('en-GB')} ${count === 1 ? 'queue watched' : 'queues watched'}`,
  'notifications.close': 'Close',
  'notifications.intro': 'Kontor tells you on the desktop when something happens while you are signed in. Clicking the notice opens the ticket.',
  'notifications.kinds': 'What you are notified of',
  'notifications.kind.new-ticket': 'New tickets in watched queues',
  'notifications.kind.new-ticket.hint': 'Created by others; not your own.',
  'notifications.kind.reminder': 'Reminders due',
  'notifications.kind.reminder.hint': 'Of your tickets and of the tickets in watched queues.',
  'notifications.kind.clock-warning': 'SLA warnings on your tickets',
  'notifications.kind.clock-warning.hint': 'When first response, update or solution enters its warning time.',
  'notifications.queues': 'Watched queues',
  'notifications.queues.none-watched': 'No queue watched yet: choose the queues whose new tickets you want to hear of.',
  'notifications.queues.count': (watched: number, total: number) => `${watched.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} watched`,
  'notifications.queues.empty': 'You may not read any queue.',
  'notifications.queues.off': 'New tickets are switched off: your choice is kept, but nothing is reported.',
  'notifications.loading': 'Loading the settings …',
  'notifications.load-failed': 'The settings could not be loaded.',
  'notifications.save-failed': 'The change was not saved.',
  'notifications.saving': 'Saving …',
  'notifications.browser': 'This browser',
  'notifications.browser.granted': 'The browser shows Kontor\'s notifications.',
  'notifications.browser.default': 'The browser has not yet asked whether Kontor may show notifications. Without permission none appear.',
  'notifications.browser.denied':
    'The browser has blocked notifications for Kontor. Allow them in the browser\'s site settings (the lock icon beside the address) and open this window again.',
  'notifications.browser.unsupported': 'This browser cannot show notifications.',
  'notifications.browser.ask': 'Allow notifications',
} satisfies { [K in keyof typeof deNotifications]: unknown };
