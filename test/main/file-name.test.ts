import { describe, expect, it } from 'vitest';
import { safeFileName, uniquePath } from '../../main/downloads/file-name';

describe('download file names', () => {
  it('keeps the last path segment only: no traversal, no absolute paths', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Windows\\System32\\evil.dll')).toBe('evil.dll');
    expect(safeFileName('/home/me/.ssh/authorized_keys')).toBe('authorized_keys');
    expect(safeFileName('..')).toBe('download');
    expect(safeFileName('')).toBe('download');
  });

  it('drops leading dots, trailing dots and spaces, and invisible characters', () => {
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('...profile')).toBe('profile');
    expect(safeFileName('  notes. . ')).toBe('notes');
    // U+202E would show "photo\u202Egnp.exe" as "photoexe.png".
    expect(safeFileName('photo\u202Egnp.exe')).toBe('photognp.exe');
    expect(safeFileName('in\u200Bvoice.pdf')).toBe('invoice.pdf');
  });

  it("replaces Windows' reserved characters and controls, and avoids device names", () => {
    expect(safeFileName('a<b>c:d"e|f?g*h.txt')).toBe('a_b_c_d_e_f_g_h.txt');
    expect(safeFileName('line\nbreak\u0000.txt')).toBe('line_break_.txt');
    expect(safeFileName('CON.txt')).toBe('_CON.txt');
    expect(safeFileName('lpt1')).toBe('_lpt1');
    expect(safeFileName('console.txt')).toBe('console.txt');
  });

  it('shortens long names to 200 bytes, keeping the extension and whole characters', () => {
    const long = safeFileName(`${'é'.repeat(300)}.pdf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long).toMatch(/^é+\.pdf$/);
  });

  it('numbers a name that is taken, as browsers do', () => {
    const taken = new Set(['/d/report.pdf', '/d/report (1).pdf', '/d/README']);
    const has = (path: string) => taken.has(path);
    expect(uniquePath('/d', 'report.pdf', has)).toBe('/d/report (2).pdf');
    expect(uniquePath('/d', 'README', has)).toBe('/d/README (1)');
    expect(uniquePath('/d', 'new.txt', has)).toBe('/d/new.txt');
    expect(uniquePath('/d', 'archive.tar.gz', () => false)).toBe('/d/archive.tar.gz');
  });
});
