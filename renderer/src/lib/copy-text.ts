/**
 * Copying text to the clipboard where the page may not be a secure context. The Clipboard API
 * exists only in secure contexts, and a Parley server may be reached over plain http on a LAN;
 * there the old selection-and-copy command still works.
 */

/**
 * Copies `text`: by the Clipboard API, else by selecting it and the copy command. With
 * `element`, that element's contents are selected (and left selected if copying fails, so the
 * person can copy them by keyboard); without, a hidden read-only field holds the text for the
 * moment, and the focus goes back where it was. False when no way worked.
 */
export async function copyText(text: string, element?: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Insecure context (no navigator.clipboard) or permission refused: fall back below.
  }
  return element ? copySelected(element) : copyThroughField(text);
}

function copySelected(element: HTMLElement): boolean {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  return copyCommand();
}

function copyThroughField(text: string): boolean {
  const focused = document.activeElement;
  const field = document.createElement('textarea');
  field.value = text;
  field.readOnly = true;
  field.setAttribute('aria-hidden', 'true');
  // Off screen rather than display:none, which cannot be selected.
  field.style.position = 'fixed';
  field.style.left = '-9999px';
  document.body.append(field);
  field.select();
  try {
    return copyCommand();
  } finally {
    field.remove();
    if (focused instanceof HTMLElement) focused.focus();
  }
}

function copyCommand(): boolean {
  try {
    // Deprecated, but the only copy path outside a secure context.
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
