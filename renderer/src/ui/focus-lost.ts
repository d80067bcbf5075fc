/**
 * Puts the focus on `target` if the control that had it has gone (the focus fell back to the
 * body), so that keyboard and screen reader users are not sent back to the top of the page.
 * Checked on the next task, once React has removed that control.
 */
export function focusIfLost(target: () => HTMLElement | null | undefined): void {
  setTimeout(() => {
    const now = document.activeElement;
    if (!now || now === document.body) target()?.focus();
  }, 0);
}
