/**
 * The words of an error from the main process. Electron wraps what a handler throws as
 * "Error invoking remote method 'channel': Error: …"; people need only the part after it.
 */
export function bridgeErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '');
}
