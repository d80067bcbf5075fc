import { createContext, useContext, useId, useMemo } from 'react';

/**
 * An id unique in the document: React's `useId()` before a readable name (`_r_3_-auth`), to be
 * used as is or as the prefix of a component's ids (`${id}-username`).
 *
 * Why not fixed ids: the desktop app keeps one session mounted per saved server (hidden when not
 * in view), so a fixed id would be in the document once per server, and a `<label for>` or
 * `aria-labelledby` would resolve to the first, hidden, server's element.
 */
export function useDomId(name: string): string {
  return `${useId()}-${name}`;
}

/** The ids of one chat's two text boxes, which other parts focus again when they close. */
export interface ComposerIds {
  /** The room's composer. */
  room: string;
  /** The thread panel's composer. */
  thread: string;
}

const ComposerIdsContext = createContext<ComposerIds | null>(null);

/** Given by the chat screen to everything below it: its own composers' ids. */
export const ComposerIdsProvider = ComposerIdsContext.Provider;

/** Fresh composer ids for one chat screen, stable for its lifetime. */
export function useNewComposerIds(): ComposerIds {
  const base = useId();
  return useMemo(() => ({ room: `${base}-composer`, thread: `${base}-thread-composer` }), [base]);
}

/**
 * This chat's composer ids. Outside a chat screen there is no composer to refer to: a fixed
 * fallback would bring back the duplicate ids, so this throws instead.
 */
export function useComposerIds(): ComposerIds {
  const ids = useContext(ComposerIdsContext);
  if (!ids) throw new Error('useComposerIds outside a ComposerIdsProvider');
  return ids;
}
