/** German messages of the header search beyond the tickets (src-renderer/features/search): customers and institutions. */
export const deSearch = {
  'search.group.customers': 'Kunden',
  'search.group.institutions': 'Institute',
  'search.customer-of': (institution: string) => `bei ${institution}`,
  'search.no-institution': 'ohne Institut',
  'search.open-institution': 'offene Tickets des Instituts',
};
