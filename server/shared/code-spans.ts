/**
 * Where a message's Markdown code is: fenced code blocks and inline code spans, found as
 * CommonMark finds them (closely enough for chat text). Text in code is shown as written, so
 * whatever rewrites or reads prose (emoji shortcodes, mentions) must leave it alone. Pure and
 * dependency-free: the server and the web client both run it.
 */

/** A piece of a message: prose, or code (with its backticks or fence lines). */
export interface TextPart {
  code: boolean;
  text: string;
}

/** An opening fence: up to 3 spaces, then 3+ backticks or tildes. */
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** A run of backticks. */
const BACKTICKS = /`+/g;
/** A blank line ends a paragraph, and with it any code span that was left open. */
const PARAGRAPH_BREAK = /(\n[ \t]*\n)/;

/** Whether `line` closes a fence opened with `fence` (same character, at least as long). */
function closesFence(line: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?$/.exec(line);
  return !!match?.[1] && match[1][0] === fence[0] && match[1].length >= fence.length;
}

/** Splits a paragraph's text at its inline code spans (a run of N backticks up to the next
 * run of exactly N); a run with no partner is literal backticks. */
function splitInline(text: string, parts: TextPart[]): void {
  let start = 0;
  BACKTICKS.lastIndex = 0;
  for (let open = BACKTICKS.exec(text); open; open = BACKTICKS.exec(text)) {
    const closeAt = findRun(text, open[0].length, BACKTICKS.lastIndex);
    if (closeAt < 0) continue;
    parts.push({ code: false, text: text.slice(start, open.index) });
    start = closeAt + open[0].length;
    parts.push({ code: true, text: text.slice(open.index, start) });
    BACKTICKS.lastIndex = start;
  }
  parts.push({ code: false, text: text.slice(start) });
}

/** Where the next run of exactly `length` backticks starts at or after `from`, or -1. */
function findRun(text: string, length: number, from: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let run = runs.exec(text); run; run = runs.exec(text))
    if (run[0].length === length) return run.index;
  return -1;
}

/**
 * Splits a message into prose and code, in order; joining the parts' text gives the message
 * back. Fenced blocks run to their closing fence or, unclosed, to the end of the message.
 */
export function splitCode(message: string): TextPart[] {
  const parts: TextPart[] = [];
  const lines = message.split(/(?<=\n)/);
  let prose = '';
  const flushProse = () => {
    for (const piece of prose.split(PARAGRAPH_BREAK)) splitInline(piece, parts);
    prose = '';
  };
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec((lines[i] ?? '').replace(/\r?\n$/, ''));
    // A backtick fence's info string may not hold backticks (```a``` is a code span).
    const fence = open?.[1];
    if (!fence || (fence[0] === '`' && open[2]?.includes('`'))) {
      prose += lines[i];
      continue;
    }
    flushProse();
    let block = lines[i] ?? '';
    while (++i < lines.length) {
      const line = lines[i] ?? '';
      block += line;
      if (closesFence(line.replace(/\n$/, ''), fence)) break;
    }
    parts.push({ code: true, text: block });
  }
  flushProse();
  return parts.filter((part) => part.text !== '');
}
