import type { z } from 'zod';
import { describeIssues } from '../config/issues.js';
import { ApiHttpError } from './errors.js';

/** Validates a request body with its shared schema; a 400 names every offending field. */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body);
  if (!result.success) throw new ApiHttpError('invalid-request', describeIssues(result.error, 'body'));
  return result.data;
}
