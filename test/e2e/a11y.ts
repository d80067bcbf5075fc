import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** The rules the client is held to: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Elements listed per violation; a rule broken on every message row needs only a few. */
const SHOWN_NODES = 6;

type Scheme = 'light' | 'dark';
type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** One line per violation and one per element it was found on, so a failure reads on its own. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.slice(0, SHOWN_NODES).map((node) => {
        // The first line of axe's summary names the failed check (e.g. the contrast ratio).
        const why = node.failureSummary?.split('\n').slice(1, 2).join(' ').trim() ?? '';
        return `    ${node.target.join(' ')}${why ? `: ${why}` : ''}`;
      });
      const more = violation.nodes.length - SHOWN_NODES;
      if (more > 0) nodes.push(`    … and ${more} more`);
      return [`  ${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}`, ...nodes].join(
        '\n',
      );
    })
    .join('\n');
}

/**
 * Audits what `page` shows now with axe-core, in the light and the dark colour scheme, and
 * fails with every violation listed (rule, impact, elements, why). The scheme it found the page
 * in is put back afterwards, so a test can go on as before.
 *
 * `include` narrows the audit to one part of the page (e.g. an open dialog), `exclude` leaves
 * parts out; both are CSS selectors.
 */
export async function expectAccessible(
  page: Page,
  label: string,
  options: { include?: string; exclude?: string[] } = {},
): Promise<void> {
  const before: Scheme = (await page.evaluate(
    () => matchMedia('(prefers-color-scheme: dark)').matches,
  ))
    ? 'dark'
    : 'light';
  const report: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
    if (options.include) builder = builder.include(options.include);
    for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
    const { violations } = await builder.analyze();
    if (violations.length > 0)
      report.push(`${label}, ${scheme}:\n${describeViolations(violations)}`);
  }
  await page.emulateMedia({ colorScheme: before });
  if (report.length > 0) throw new Error(`Accessibility violations:\n${report.join('\n')}`);
}

/** What a screen reader would be told: text that appeared inside a live region. */
export interface Announcement {
  politeness: 'polite' | 'assertive';
  text: string;
}

/**
 * Starts recording every text added to a live region of the page (`aria-live`, or the roles
 * log, status and alert that imply it), as a screen reader would hear it. Read the recording
 * with `announcements(page)`; this call starts it afresh.
 */
export async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Recorder = { heard: Array<{ politeness: string; text: string }>; stop: () => void };
    const holder = window as unknown as { a11yRecorder?: Recorder };
    holder.a11yRecorder?.stop();
    const heard: Recorder['heard'] = [];
    const live =
      '[aria-live]:not([aria-live="off"]), [role="log"], [role="status"], [role="alert"]';
    const politeness = (region: Element) =>
      region.getAttribute('aria-live') ??
      (region.getAttribute('role') === 'alert' ? 'assertive' : 'polite');
    // A screen reader speaks one region's changes of one DOM update together: one announcement
    // per region per batch, the whole region when it is aria-atomic.
    const observer = new MutationObserver((mutations) => {
      const batch = new Map<Element, string[]>();
      for (const mutation of mutations) {
        const target =
          mutation.target instanceof Element ? mutation.target : mutation.target.parentElement;
        const region = target?.closest(live);
        if (!region) continue;
        const added =
          mutation.type === 'characterData'
            ? [mutation.target.textContent ?? '']
            : [...mutation.addedNodes].map((node) => node.textContent ?? '');
        batch.set(region, [...(batch.get(region) ?? []), ...added]);
      }
      for (const [region, added] of batch) {
        const atomic = region.getAttribute('aria-atomic') === 'true';
        const text = (atomic ? (region.textContent ?? '') : added.join('')).trim();
        if (text) heard.push({ politeness: politeness(region), text });
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    holder.a11yRecorder = { heard, stop: () => observer.disconnect() };
  });
}

/** The announcements recorded since `recordAnnouncements(page)`. */
export function announcements(page: Page): Promise<Announcement[]> {
  return page.evaluate(
    () =>
      (window as unknown as { a11yRecorder?: { heard: Announcement[] } }).a11yRecorder?.heard ?? [],
  );
}
