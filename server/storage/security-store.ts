/** Storage of account security: session details, password changes, resets, deletion. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in below
export interface SecurityStore {}
