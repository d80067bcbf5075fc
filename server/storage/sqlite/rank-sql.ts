/**
 * The role rules of server/admin/require-role.ts as SQL, for checks that must hold inside a
 * store transaction (reset redemption, bans and role changes): the rows are read and the rule
 * applied in the same transaction that writes, so no change can land between check and write.
 * Roles are stored as people-tables.ts describes: `role = 'owner'`, else `admin = 1`, else
 * member. Arguments are table aliases of `users`, never user input.
 */

/** `alias` may act as an admin: the owner or an admin, not banned, not deleted. */
export const staffSql = (alias: string): string =>
  `(${alias}.banned = 0 AND ${alias}.deleted_at IS NULL
    AND (${alias}.role = 'owner' OR ${alias}.admin = 1))`;

/** `alias` is the owner, not banned, not deleted. */
export const ownerSql = (alias: string): string =>
  `(${alias}.banned = 0 AND ${alias}.deleted_at IS NULL AND ${alias}.role = 'owner')`;

/**
 * `outranks(actor, target)` of require-role.ts: nobody acts on the owner; the owner acts on
 * everyone else; an admin only on members.
 */
export const outranksSql = (actor: string, target: string): string =>
  `(${target}.role <> 'owner'
    AND (${actor}.role = 'owner' OR (${actor}.admin = 1 AND ${target}.admin = 0)))`;
