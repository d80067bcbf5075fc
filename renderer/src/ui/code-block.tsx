import { useEffect, useRef, useState } from 'react';
import { copyText } from '../lib/copy-text';

type CopyState = 'idle' | 'copied' | 'failed';

const LABELS: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Copy failed' };

/** A language name is only ever a class name here; anything odd is dropped rather than escaped. */
const LANGUAGE = /^[\w+#.-]{1,32}$/;

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
