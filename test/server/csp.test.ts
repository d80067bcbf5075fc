import { describe, expect, it } from 'vitest';
import { clientCsp } from '../../server/shared/csp.js';

/** The one CSP of the web client, the desktop app and the page's <meta> tag. */
describe('client CSP', () => {
  it.each(['web', 'desktop', 'meta'] as const)(
    'lets images come from the page and blob: URLs only (%s)',
    (where) => {
      const directives = clientCsp(where).split('; ');
      // Images are fetched through signed URLs and shown as blob: URLs; never from another origin.
      expect(directives).toContain("img-src 'self' data: blob:");
      expect(clientCsp(where)).not.toMatch(/img-src[^;]*(https?:|\*)/);
      expect(directives).toContain("default-src 'none'");
    },
  );
});
