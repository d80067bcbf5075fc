import { useContext, useEffect, useState } from 'react';
import type { UserRef } from '../../../server/protocol';
import { avatarObjectUrl } from '../lib/people-avatars';
import { shownName } from '../lib/names';
import { PeopleContext, usePerson } from './use-people';
import './people.css';

/**
 * Backgrounds for initials, picked by user id. White text on each is 5.9:1 or more (WCAG AA
 * asks 4.5:1), and they are the same in light and dark: the contrast that matters is inside
 * the circle.
 */
const COLOURS = [
  '#b42318',
  '#a4470b',
  '#8a5a00',
  '#2f6b1f',
  '#0f6e5c',
  '#1d5fa8',
  '#4f46b8',
  '#7b3fa0',
  '#a3326b',
  '#50596a',
];

/** The colour of someone's initials: the same on every device, from their id. */
export const avatarColour = (userId: number): string =>
  COLOURS[Math.abs(userId) % COLOURS.length] ?? '#50596a';

const graphemes = (text: string): string[] =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map(
    (s) => s.segment,
  );

/** One or two letters for a name: the first of its first and last words ("Ada Lovelace": AL). */
export function initials(name: string): string {
  const words = shownName(name).trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (!first) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letters = [graphemes(first)[0], last && graphemes(last)[0]].filter(Boolean).join('');
  return letters.toLocaleUpperCase();
}

/**
 * A person's picture: their avatar (fetched into a blob: URL), else their initials on their
 * colour. Decorative: the name is always next to it.
 */
export function Avatar(props: { user: UserRef; size?: 'small' | 'medium' | 'large' }) {
  const { user, profile } = usePerson(props.user);
  const key = profile?.deleted ? null : (profile?.avatar ?? null);
  const src = useAvatarUrl(key);
  const size = props.size ?? 'small';
  if (src) return <img className={`avatar avatar-${size}`} src={src} alt="" aria-hidden="true" />;
  return (
    <span
      className={`avatar avatar-${size} avatar-initials`}
      style={{ backgroundColor: profile?.deleted ? '#50596a' : avatarColour(user.id) }}
      // Drawn by CSS from the attribute: not part of the text around it (copying a message,
      // or a row's text, gives the name once, not "AAlice").
      data-initials={profile?.deleted ? '?' : initials(user.displayName || user.username)}
      aria-hidden="true"
    />
  );
}

function useAvatarUrl(key: string | null): string | null {
  const [src, setSrc] = useState<{ key: string; url: string | null } | null>(null);
  const scope = useContext(PeopleContext)?.serverUrl;
  useEffect(() => {
    if (!key || !scope) return;
    let live = true;
    void avatarObjectUrl(scope, key).then((url) => live && setSrc({ key, url }));
    return () => {
      live = false;
    };
  }, [key, scope]);
  return src && src.key === key ? src.url : null;
}
