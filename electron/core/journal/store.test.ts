import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { entryJson, JournalStore, parseEntry } from './store.ts';
import type { JournalEntry } from './types.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function entry(n: number): JournalEntry {
  const files = Array.from({ length: n }, (_, i) => ({ path: `img_${i}.txt`, before: `red "dress" ${i}\n`, after: i % 7 === 0 ? null : `blue dress ${i}\u00e9` }));
  return { id: '0000000001', seq: 1, time: '2026-12-06T00:00:00.000Z', label: 'replace red', ops: [{ op: 'replaceText', find: 'red', replace: 'blue' }], files } as JournalEntry;
}

describe('a journal entry written in pieces', () => {
  it('is one JSON document with each piece of files on a line of its own, for any number of files', async () => {
    for (const n of [0, 1, 999, 1000, 1001, 2500]) {
      const e = entry(n);
      const text = [...entryJson(e)].join('');
      expect(JSON.parse(text)).toEqual(e);
      expect(text.split('\n')).toHaveLength(2 + Math.ceil(n / 1000));
      expect(await parseEntry(Buffer.from(text))).toEqual(e);
    }
  });

  it('is read back a piece at a time, never parsed whole', async () => {
    const text = [...entryJson(entry(5000))].join('');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      await parseEntry(Buffer.from(text));
      const sizes = parse.mock.calls.map(([t]) => String(t).length);
      expect(sizes).toHaveLength(6);
      expect(Math.max(...sizes)).toBeLessThan(text.length / 4);
    } finally {
      parse.mockRestore();
    }
  });

  it('reads an entry of any other layout whole: one stringify (older entries), pretty-printed, files not last', async () => {
    const e = entry(1500);
    const { files, ...rest } = e;
    for (const text of [JSON.stringify(e), JSON.stringify(e, null, 2), JSON.stringify({ files, ...rest }), `${JSON.stringify(e)}\n`]) {
      expect(await parseEntry(Buffer.from(text))).toEqual(e);
    }
  });

  it('refuses a damaged entry with the reason, whatever its layout', async () => {
    const text = [...entryJson(entry(2500))].join('');
    // A file whose path is a number, in the second piece; a cut-off file.
    await expect(parseEntry(Buffer.from(text.replace('"path":"img_1500.txt"', '"path":1500')))).rejects.toThrow(/path/);
    await expect(parseEntry(Buffer.from(text.slice(0, -40)))).rejects.toThrow(SyntaxError);
  });

  it('is written in pieces of a thousand files and reads back equal', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-store-'));
    dirs.push(dir);
    const store = new JournalStore(dir);
    const e = entry(20_000);
    expect([...entryJson(e)]).toHaveLength(22);
    const summary = await store.writeEntry(e);
    expect(summary.bytes).toBe(Buffer.byteLength([...entryJson(e)].join('')));
    expect(await store.readEntry(1)).toEqual(e);
  });
});
