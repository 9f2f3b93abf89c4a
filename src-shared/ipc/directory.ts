import { z } from 'zod';
import { customerUserSchema } from '../domain/people.js';
import { limits } from '../limits.js';
import { channel } from './contract-types.js';

export const customerSearchInputSchema = z.strictObject({
  query: z.string().max(limits.customerSearchMaxLength),
});

export const customerSearchResultSchema = z.object({
  customers: z.array(customerUserSchema),
  /** True when more people matched than one page shows: the agent should type more. */
  truncated: z.boolean(),
});
export type CustomerSearchResult = z.infer<typeof customerSearchResultSchema>;

export const directoryChannels = {
  'directory.searchCustomers': channel({
    input: customerSearchInputSchema,
    output: customerSearchResultSchema,
    reasons: ['not-signed-in', 'directory-unavailable', 'invalid-input'],
  }),
};
