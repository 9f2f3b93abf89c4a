import type { deSearch } from './de-search.js';

/** English messages of the header search beyond the tickets; the same keys and parameters as the German ones. */
export const enSearch = {
  'search.group.customers': 'Customers',
  'search.group.institutions': 'Institutions',
  'search.customer-of': (institution: string) => `at ${institution}`,
  'search.no-institution': 'no institution',
  'search.open-institution': "the institution's open tickets",
} satisfies { [K in keyof typeof deSearch]: unknown };
