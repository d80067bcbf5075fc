/** The logging surface the server needs; `console` fits it. */
export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
  /**
   * Detail for someone chasing a problem, such as a client's refused event. Optional: a logger
   * without it drops such lines, so that a hostile client cannot flood a log kept at info.
   */
  debug?(message: string, ...details: unknown[]): void;
}

/** Warnings and errors to the console; info is dropped (the CLI passes `console` to see it). */
export const quietConsoleLogger: Logger = {
  info: () => {},
  warn: (message, ...details) => console.warn(message, ...details),
  error: (message, ...details) => console.error(message, ...details),
};

/** Discards everything; for tests that provoke errors on purpose. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
