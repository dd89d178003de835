import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryJson, JournalStore } from './store.ts';
import type { JournalEntry } from './types.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function entry(n: number): JournalEntry {
  const files = Array.from({ length: n }, (_, i) => ({ path: `img_${i}.txt`, before: `red "dress" ${i}\n`, after: i % 7 === 0 ? null : `blue dress ${i}\u00e9` }));
  return { id: '0000000001', seq: 1, time: '2026-12-06T00:00:00.000Z', label: 'replace red', ops: [{ op: 'replaceText', find: 'red', replace: 'blue' }], files } as JournalEntry;
}

describe('a journal entry written in pieces', () => {
  it('is the same JSON as one stringify, for any number of files', () => {
    for (const n of [0, 1, 999, 1000, 1001, 2500]) {
      const e = entry(n);
      expect([...entryJson(e)].join('')).toBe(JSON.stringify(e));
    }
  });

  it('is written in pieces of a thousand files and reads back equal', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-store-'));
    dirs.push(dir);
    const store = new JournalStore(dir);
    const e = entry(20_000);
    expect([...entryJson(e)]).toHaveLength(22);
    const summary = await store.writeEntry(e);
    expect(summary.bytes).toBe(Buffer.byteLength(JSON.stringify(e)));
    expect(await store.readEntry(1)).toEqual(e);
  });
});
