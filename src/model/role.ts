/**
 * Roles in increasing power: each one may do everything the ones before it
 * may. The auth store keeps them and auth checks them, so they sit below both.
 */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];
