import { hasRight, type Permissions } from '../../../src-shared/permissions.js';

/** The groups whose tickets the agent may read (`ro`, or `rw` which implies it), sorted. */
export function readableGroups(permissions: Permissions): string[] {
  return Object.keys(permissions)
    .filter((group) => hasRight(permissions, group, 'ro'))
    .sort();
}

export function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((group) => set.has(group));
}

export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

export function intersection(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return a.filter((group) => set.has(group)).sort();
}

export function difference(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return a.filter((group) => !set.has(group)).sort();
}
