import { describe, expect, it } from 'vitest';
import { readPort } from '../../renderer/src/ui/host-form';

describe('the hosting form reads its port field', () => {
  it('refuses an empty field with words, instead of port 0 (which main refuses)', () => {
    expect(readPort('')).toEqual({ error: 'Enter a port number, such as 4000.' });
    expect(readPort('   ')).toEqual({ error: 'Enter a port number, such as 4000.' });
  });

  it('refuses what is not a port from 1 to 65535', () => {
    for (const text of ['0', '65536', '99999', '-1', '4000.5', '1e3', 'abc', '4 000'])
      expect(readPort(text), text).toEqual({
        error: 'The port must be a whole number from 1 to 65535.',
      });
  });

  it('reads a port as typed', () => {
    expect(readPort('4000')).toEqual({ port: 4000 });
    expect(readPort(' 1 ')).toEqual({ port: 1 });
    expect(readPort('65535')).toEqual({ port: 65535 });
  });
});
