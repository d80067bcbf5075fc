import { useEffect, useState } from 'react';
import type { UserRef } from '../../../server/protocol';
import { confusablesLoaded, shownName, type NameLabels } from '../lib/names';
import { DELETED_USER_NAME, usePerson } from './use-people';

/**
 * False until the confusables table has loaded, then true: a screen that tells names apart
 * lists it among its memo's inputs, so its labels are worked out again with the table.
 */
export function useConfusables(): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    void confusablesLoaded.then(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

/**
 * A person's name in running text: the display name isolated in `<bdi>` (a right-to-left name
 * cannot reorder what follows it), and the username beside it when someone else in view has a
 * name that looks the same.
 */
export function PersonName(props: { user: UserRef; labels: NameLabels }) {
  const { labels } = props;
  // The current name from the people cache: a message keeps its author's name as it was sent.
  const { user, profile } = usePerson(props.user);
  if (profile?.deleted) return <bdi>{DELETED_USER_NAME}</bdi>;
  return (
    <>
      <bdi>{shownName(user.displayName) || user.username}</bdi>
      {labels.needsUsername(user) && <span className="username"> (@{user.username})</span>}
    </>
  );
}
