/**
 * The hosting form's port field, read the way the person typed it. `Number('')` is 0, which main
 * refuses (ports are 1–65535): reading the field here turns an empty or odd value into words
 * next to the field, and the form never asks main to start with it.
 */
export function readPort(text: string): { port: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'Enter a port number, such as 4000.' };
  const port = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { error: 'The port must be a whole number from 1 to 65535.' };
  return { port };
}
