/** Storage of room administration: rename, topic, archive, delete, remove a member. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in below
export interface RoomAdminStore {}
