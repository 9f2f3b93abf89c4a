import type { z } from 'zod';

/**
 * Turns zod issues into one line that names each offending field (`listen.port: expected
 * number`), for config errors and for 400 answers alike. Unknown keys are named with their
 * full path, so a typo points at itself.
 */
export function describeIssues(error: z.ZodError, root = 'body'): string {
  return error.issues.map((issue) => describeIssue(issue, root)).join('; ');
}

function describeIssue(issue: z.core.$ZodIssue, root: string): string {
  const at = (path: readonly PropertyKey[]): string => (path.length === 0 ? root : path.map(String).join('.'));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${at([...issue.path, key])}: unknown field`).join('; ');
    case 'invalid_type':
      // The message never carries the input (no reportInput): a password must not be echoed.
      return `${at(issue.path)}: ${issue.message.endsWith('received undefined') ? 'is required' : withoutPrefix(issue.message)}`;
    default:
      return `${at(issue.path)}: ${withoutPrefix(issue.message)}`;
  }
}

function withoutPrefix(message: string): string {
  return message.replace(/^Invalid input: /u, '');
}
