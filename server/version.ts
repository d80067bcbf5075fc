/** The server's version, as in package.json (a test keeps the two equal). */
export const SERVER_VERSION = '0.1.0';
