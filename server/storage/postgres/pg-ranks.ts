/**
 * The role rules of server/admin/require-role.ts as PostgreSQL SQL (rank-sql.ts holds SQLite's):
 * checks that must hold inside a store transaction, read and applied where the write happens.
 * Arguments are table aliases of `users`, never user input.
 */

/** `alias` may act as an admin: the owner or an admin, not banned, not deleted. */
export const staff = (alias: string): string =>
  `(NOT ${alias}.banned AND ${alias}.deleted_at IS NULL
    AND (${alias}.role = 'owner' OR ${alias}.admin))`;

/** `alias` is the owner, not banned, not deleted. */
export const owner = (alias: string): string =>
  `(NOT ${alias}.banned AND ${alias}.deleted_at IS NULL AND ${alias}.role = 'owner')`;

/**
 * `outranks(actor, target)`: nobody acts on the owner; the owner acts on everyone else; an
 * admin only on members.
 */
export const outranks = (actor: string, target: string): string =>
  `(${target}.role <> 'owner'
    AND (${actor}.role = 'owner' OR (${actor}.admin AND NOT ${target}.admin)))`;
