import { z } from 'zod';

/** Per-group rights as in OTRS; `rw` implies every other right. */
export const rights = ['ro', 'move_into', 'create', 'note', 'owner', 'priority', 'rw'] as const;
export const rightSchema = z.enum(rights);
export type Right = z.infer<typeof rightSchema>;

/** Rights an agent holds, keyed by group name. */
export const permissionsSchema = z.record(z.string().min(1), z.array(rightSchema));
export type Permissions = z.infer<typeof permissionsSchema>;

export function hasRight(permissions: Permissions, group: string, right: Right): boolean {
  const held = permissions[group] ?? [];
  return held.includes('rw') || held.includes(right);
}
