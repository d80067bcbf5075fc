import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { Profile, UserRef } from '../../../server/protocol';
import type { People } from '../lib/people';

/** The signed-in client's people cache and its server, for names and avatars anywhere below. */
export interface PeopleScope {
  people: People;
  serverUrl: string;
}
/** Provided by the chat screen; absent (null) outside it, where refs show as they are. */
export const PeopleContext = createContext<PeopleScope | null>(null);

const never = () => () => undefined;
const zero = () => 0;

/** The people scope, re-rendering whenever any profile changes. */
export function usePeopleScope(): PeopleScope | null {
  const scope = useContext(PeopleContext);
  useSyncExternalStore(scope?.people.subscribe ?? never, scope?.people.getVersion ?? zero);
  return scope;
}

/**
 * A person as they are now: the ref with their current name, and their profile once it has
 * arrived (asked for in a batch with everyone else shown at the same time).
 */
export function usePerson(user: UserRef): { user: UserRef; profile?: Profile } {
  const scope = usePeopleScope();
  const people = scope?.people;
  useEffect(() => people?.want([user.id]), [people, user.id]);
  if (!people) return { user };
  return { user: people.ref(user), profile: people.get(user.id) };
}

/** "Owner", "Admin" or "Member". */
export const roleLabel = (role: Profile['role']): string =>
  role === 'owner' ? 'Owner' : role === 'admin' ? 'Admin' : 'Member';

/** What a deleted account is called (the server's `DELETED_USER_NAME`; only types come from server/). */
export const DELETED_USER_NAME = 'Deleted user';
