import { useEffect, useRef, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

const LABELS: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Copy failed' };

/** A language name is only ever a class name here; anything odd is dropped rather than escaped. */
const LANGUAGE = /^[\w+#.-]{1,32}$/;

/**
 * Copies text to the clipboard. The Clipboard API exists only in secure contexts, and a Parley
 * server may be reached over plain http on a LAN; there the old selection-and-copy command still
 * works. If both fail, the code is left selected, so the person can copy it with the keyboard.
 */
async function copyText(text: string, element: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Insecure context (no navigator.clipboard) or permission refused: fall back below.
  }
  if (!element) return false;
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  try {
    // Deprecated, but the only copy path outside a secure context.
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/**
 * A fenced code block from a message: monospace, scrolled sideways rather than wrapped, with a
 * button that copies the code exactly as sent (not the rendered text, which could differ).
 */
export function CodeBlock(props: { code: string; lang?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const code = useRef<HTMLElement>(null);
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const lang = props.lang && LANGUAGE.test(props.lang) ? props.lang : undefined;
  return (
    <div className="code-block">
      {/* Focusable so a keyboard can scroll a long line sideways (a scrollable region). */}
      <pre tabIndex={0}>
        <code ref={code} className={lang ? `language-${lang}` : undefined}>
          {props.code}
        </code>
      </pre>
      <button
        type="button"
        className="code-copy"
        aria-label="Copy code"
        onClick={() =>
          void copyText(props.code, code.current).then((ok) => setState(ok ? 'copied' : 'failed'))
        }
      >
        {LABELS[state]}
      </button>
      {/* The button's name stays "Copy code"; the outcome is announced here instead. */}
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Code copied' : state === 'failed' ? 'Copy failed' : ''}
      </span>
    </div>
  );
}
