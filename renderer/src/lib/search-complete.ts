import type { UserRef } from '../../../server/protocol';
import { shownName } from './names';
import { FILTER_KEYWORDS, inPhrase } from './search-query';

/** How many completions show at once. */
export const MAX_COMPLETIONS = 8;

/** What completions are made of: the people and rooms this client knows, and today. */
export interface CompletionSources {
  /** People to offer for `from:@`, in the order to prefer (members of the room in view first). */
  people: UserRef[];
  /** Names of the rooms the user is in, for `in:#`. */
  rooms: string[];
  /** The day that `before:` and `after:` count back from. */
  today: Date;
}

/** One completion: the word it puts in place of the one being typed, and how it is shown. */
export interface Completion {
  insert: string;
  label: string;
  detail?: string;
  /** Takes a value next (`from:@`): no space after it, and the completions go on. */
  open?: boolean;
}

/** The completions for the word at the caret, and the span of text a pick replaces. */
export interface CompletionList {
  start: number;
  end: number;
  options: Completion[];
  /**
   * Whether the first option is picked by Enter without moving to it: for a filter's value
   * (a person, a room), yes; for a bare word that might be a filter keyword, or a date, no:
   * Enter searches for what was typed.
   */
  autoSelect: boolean;
}

const HAS = [
  { value: 'file', detail: 'messages with a file' },
  { value: 'link', detail: 'messages with a link' },
];
const KEYWORD_HELP: Record<(typeof FILTER_KEYWORDS)[number], string> = {
  'from:@': 'messages by a person',
  'in:#': 'messages in a room',
  'before:': 'messages before a day (YYYY-MM-DD)',
  'after:': 'messages after a day (YYYY-MM-DD)',
  'has:': 'messages with a file or a link',
};

/** The completions for the word ending at the caret, or null when there are none. */
export function completeAt(
  text: string,
  caret: number,
  sources: CompletionSources,
): CompletionList | null {
  const word = /\S*$/.exec(text.slice(0, caret))?.[0] ?? '';
  const start = caret - word.length;
  if (!word || word.startsWith('"') || inPhrase(text, start)) return null;
  const end = caret + (/^\S*/.exec(text.slice(caret))?.[0].length ?? 0);
  const list = (offered: Completion[], autoSelect: boolean): CompletionList | null => {
    // What is typed in full already is no completion: Enter then searches.
    const options = offered.filter((o) => o.insert.toLowerCase() !== word.toLowerCase());
    if (options.length === 0) return null;
    return { start, end, options: options.slice(0, MAX_COMPLETIONS), autoSelect };
  };
  const filter = /^(from|in|before|after|has):(.*)$/i.exec(word);
  if (!filter) {
    const lower = word.toLowerCase();
    const keywords = FILTER_KEYWORDS.filter((k) => k.startsWith(lower));
    return list(
      keywords.map((k) => ({ insert: k, label: k, detail: KEYWORD_HELP[k], open: true })),
      false,
    );
  }
  const key = (filter[1] ?? '').toLowerCase();
  const value = (filter[2] ?? '').toLowerCase();
  if (key === 'from') return list(people(value.replace(/^@/, ''), sources.people), true);
  if (key === 'in') {
    const name = value.replace(/^#/, '');
    const rooms = rank(sources.rooms, (room) => matchRank(name, room.toLowerCase(), []));
    return list(
      rooms.map((room) => ({ insert: `in:#${room}`, label: `#${room}` })),
      true,
    );
  }
  if (key === 'has') {
    const found = HAS.filter((h) => h.value.startsWith(value));
    return list(
      found.map((h) => ({ insert: `has:${h.value}`, label: `has:${h.value}`, detail: h.detail })),
      true,
    );
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return list(dates(key, value, sources.today), false);
}

/** The text with the completion in place of the word at the caret, and where the caret goes. */
export function applyCompletion(
  text: string,
  list: CompletionList,
  option: Completion,
): { text: string; caret: number } {
  const inserted = option.open ? option.insert : `${option.insert} `;
  const after = text.slice(list.end).replace(/^ /, '');
  return {
    text: text.slice(0, list.start) + inserted + after,
    caret: list.start + inserted.length,
  };
}

function people(query: string, known: UserRef[]): Completion[] {
  const seen = new Set<number>();
  const unique = known.filter((u) => !seen.has(u.id) && seen.add(u.id));
  const words = (u: UserRef) => shownName(u.displayName).toLowerCase().split(/\s+/);
  return rank(unique, (u) => matchRank(query, u.username.toLowerCase(), words(u))).map((u) => ({
    insert: `from:@${u.username}`,
    label: shownName(u.displayName) || u.username,
    detail: `@${u.username}`,
  }));
}

/** The day as the query language writes it, in the person's own time zone. */
export function dayString(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** A few days to pick from, which also show the format: today, yesterday, a week, a month ago. */
function dates(key: string, typed: string, today: Date): Completion[] {
  const back = (days: number) =>
    new Date(today.getFullYear(), today.getMonth(), today.getDate() - days);
  const offers: Array<[string, Date]> = [
    ['today', back(0)],
    ['yesterday', back(1)],
    ['a week ago', back(7)],
    ['a month ago', new Date(today.getFullYear(), today.getMonth() - 1, today.getDate())],
  ];
  return offers
    .map(([detail, day]) => ({ day: dayString(day), detail }))
    .filter(({ day }) => day.startsWith(typed))
    .map(({ day, detail }) => ({ insert: `${key}:${day}`, label: day, detail }));
}

/** 0 for a prefix of the name, 1 for a prefix of another word of it, 2 for inside it. */
function matchRank(query: string, name: string, words: string[]): number | null {
  if (name.startsWith(query)) return 0;
  if (words.some((w) => w.startsWith(query))) return 1;
  return name.includes(query) ? 2 : null;
}

/** The items that match, best rank first; equal ranks keep their order. */
function rank<T>(items: T[], rankOf: (item: T) => number | null): T[] {
  return items
    .map((item) => ({ item, rank: rankOf(item) }))
    .filter((r): r is { item: T; rank: number } => r.rank !== null)
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.item);
}
