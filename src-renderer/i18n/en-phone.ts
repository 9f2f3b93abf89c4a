import type { dePhone } from './de-phone.js';

/** English messages of the phone ticket feature; the same keys and parameters as the German ones. */
export const enPhone = {
  'phone.title': 'New phone ticket',
} satisfies { [K in keyof typeof dePhone]: unknown };
