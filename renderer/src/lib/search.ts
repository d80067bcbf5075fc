import type { SearchHit, SearchPage, SearchRequest } from '../../../server/protocol';
import type { Answer, Unreachable } from './socket-request';

/** Asks the server for one page of results (ChatClient's `search`). */
export type SearchAsk = (request: SearchRequest) => Promise<Answer<'search'> | Unreachable>;

/** Where a search stands, as the results panel shows it. */
export interface SearchView {
  /** The query the results are for ('' before the first search). */
  query: string;
  status: 'idle' | 'loading' | 'done' | 'error';
  hits: SearchHit[];
  nextCursor: string | null;
  unknownFilters: string[];
  /** A further page is on its way. */
  loadingMore: boolean;
  /** What went wrong, for the person (status `error`, or a failed "Load more"). */
  error?: string;
}

/**
 * A page can come short, even empty with a cursor: the server's first page stops its scan after
 * 25 ms (a common word in a small room). Up to this many more pages are asked for at once, until
 * `FILL` hits show, so that "no results" is said only when there are none.
 */
const FOLLOW_PAGES = 3;
const FILL = 10;

const IDLE: SearchView = {
  query: '',
  status: 'idle',
  hits: [],
  nextCursor: null,
  unknownFilters: [],
  loadingMore: false,
};

/**
 * One search at a time and its pages: a new query replaces the results, and an answer to a
 * query that was replaced meanwhile is dropped (typing fast must not show old results last).
 */
export class SearchResults {
  private view: SearchView = IDLE;
  private run = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly ask: SearchAsk) {}

  get = (): SearchView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Searches afresh; an empty query clears the results. */
  async search(query: string): Promise<void> {
    const run = ++this.run;
    const trimmed = query.trim();
    if (!trimmed) return this.set(IDLE);
    this.set({ ...IDLE, query: trimmed, status: 'loading' });
    const answer = await this.ask({ query: trimmed });
    if (run !== this.run) return;
    if (!answer.ok) return this.set({ ...this.view, status: 'error', error: problem(answer) });
    const filled = await this.follow(run, trimmed, answer.hits, answer.nextCursor, FILL);
    if (run !== this.run) return;
    this.set({ ...this.view, status: 'done', ...pageOf(answer), ...filled });
  }

  /**
   * Asks on from `cursor` while fewer than `fill` hits are in hand (see FOLLOW_PAGES), and stops
   * once the search was replaced, or when the server gives back the cursor it was asked with (a
   * page out of time on a busy server: asking again at once would only add to its load).
   */
  private async follow(
    run: number,
    query: string,
    hits: SearchHit[],
    cursor: string | null,
    fill: number,
    asked?: string,
  ) {
    let all = hits;
    for (let page = 0; page < FOLLOW_PAGES && cursor && all.length < fill; page++) {
      if (run !== this.run || cursor === asked) break;
      asked = cursor;
      const answer = await this.ask({ query, cursor });
      if (!answer.ok) break;
      const seen = new Set(all.map((h) => h.message.id));
      all = [...all, ...answer.hits.filter((h) => !seen.has(h.message.id))];
      cursor = answer.nextCursor;
    }
    return { hits: all, nextCursor: cursor };
  }

  /** The next page of the current results, after those shown. */
  async more(): Promise<void> {
    const { nextCursor: cursor, query, loadingMore } = this.view;
    if (!cursor || loadingMore) return;
    const run = this.run;
    this.set({ ...this.view, loadingMore: true, error: undefined });
    const answer = await this.ask({ query, cursor });
    if (run !== this.run) return;
    if (!answer.ok) return this.set({ ...this.view, loadingMore: false, error: problem(answer) });
    const seen = new Set(this.view.hits.map((h) => h.message.id));
    const fresh = answer.hits.filter((h) => !seen.has(h.message.id));
    // "Load more" shows at least one more hit when there is one.
    const filled = await this.follow(run, query, fresh, answer.nextCursor, 1, cursor);
    if (run !== this.run) return;
    const hits = [...this.view.hits, ...filled.hits.filter((h) => !seen.has(h.message.id))];
    this.set({ ...this.view, loadingMore: false, hits, nextCursor: filled.nextCursor });
  }

  /** Forgets the results (the panel closed). */
  clear(): void {
    this.run++;
    this.set(IDLE);
  }

  private set(view: SearchView): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}

const pageOf = (page: SearchPage) => ({
  hits: page.hits,
  nextCursor: page.nextCursor,
  unknownFilters: page.unknownFilters,
});

function problem(answer: Exclude<Awaited<ReturnType<SearchAsk>>, { ok: true }>): string {
  if (answer.error.code === 'rate_limited') return 'Too many searches at once. Try again shortly.';
  if (answer.error.code === 'unreachable') return 'The server did not answer. Try again.';
  return answer.error.message;
}
