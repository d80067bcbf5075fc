import { createElement as h, lazy, StrictMode, Suspense, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../renderer/src/styles.css';

/**
 * A page with only the emoji picker, for test/e2e/emoji-picker.spec.ts: a button opens it
 * (lazily, as the app will), the picked emoji is shown, Escape closes it and focus returns to
 * the button. Plain createElement: test/e2e holds .ts files only.
 */
const EmojiPicker = lazy(() => import('../../renderer/src/ui/emoji-picker'));

function Harness() {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState('');
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };
  return h(
    'main',
    null,
    h('h1', null, 'Emoji picker'),
    h('button', { ref: opener, type: 'button', onClick: () => setOpen(true) }, 'Add reaction'),
    h('p', null, 'Picked: ', h('output', { 'aria-label': 'Picked' }, picked)),
    open &&
      h(
        Suspense,
        { fallback: h('p', null, 'Loading…') },
        h(EmojiPicker, {
          onPick: (emoji: string) => {
            setPicked(emoji);
            close();
          },
          onClose: close,
        }),
      ),
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(h(StrictMode, null, h(Harness)));
