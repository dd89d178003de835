import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\n')).toEqual([['a', 'b, c', 'say "hi"', 'two\nlines']]);
  });

  it('handles CRLF, CR, a BOM, blank lines and a last line without a newline', () => {
    expect(parseCsv('\uFEFFx,y\r\n\r\n1,2\r3,4')).toEqual([['x', 'y'], ['1', '2'], ['3', '4']]);
  });

  it('keeps empty fields and quotes that do not start a field', () => {
    expect(parseCsv(',a,,\nb"c,"",d')).toEqual([['', 'a', '', ''], ['b"c', '', 'd']]);
  });

  it('reads back what a conforming writer wrote', () => {
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 5 }), { maxLength: 10 }), (rows) => {
        const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
        expect(parseCsv(text)).toEqual(rows);
      }),
    );
  });
});
