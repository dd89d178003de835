import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { fromJsonPieces, piecesTransfer, toJsonPieces } from './json-pieces.ts';

const item = fc.record({ id: fc.string({ unit: 'binary' }), text: fc.option(fc.string({ unit: 'binary' }), { nil: null }) });

describe('JSON pieces across a worker boundary', () => {
  it('give back every item exactly, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 50 }), fc.nat(4100), async (some, extra) => {
        const items = [...some, ...Array.from({ length: extra }, (_, i) => ({ id: `${i}.txt`, text: i % 3 ? `tag ${i}` : null }))];
        const pieces = await toJsonPieces(items);
        expect(await fromJsonPieces(pieces)).toEqual(items);
      }),
      { numRuns: 25 },
    );
  });

  it('keep lone surrogates, which UTF-8 could not carry', async () => {
    const items = [{ id: 'a.txt', text: 'half \ud800 and \udfff' }];
    expect(await fromJsonPieces(await toJsonPieces(items))).toEqual(items);
  });

  it('are pieces of at most 2,000 items, each owning its whole buffer, so a transfer moves only it', async () => {
    const items = Array.from({ length: 4001 }, (_, i) => i);
    const pieces = await toJsonPieces(items);
    expect(pieces.map((p) => (JSON.parse(new TextDecoder().decode(p)) as number[]).length)).toEqual([2000, 2000, 1]);
    const buffers = piecesTransfer(pieces);
    expect(new Set(buffers).size).toBe(3);
    expect(buffers.map((b) => b.byteLength)).toEqual(pieces.map((p) => p.byteLength));
  });

  it('cross a real worker boundary by transfer and come back equal', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `${i}.txt`, text: i % 2 ? `größe ${i}` : null }));
    const worker = new Worker('const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => parentPort.postMessage(m, m.map((p) => p.buffer)));', { eval: true });
    try {
      const pieces = await toJsonPieces(items);
      worker.postMessage(pieces, piecesTransfer(pieces));
      // Moved, not copied: the sender's views are detached.
      expect(pieces[0]!.byteLength).toBe(0);
      const back = await new Promise<Uint8Array[]>((resolve) => worker.once('message', resolve));
      expect(await fromJsonPieces(back)).toEqual(items);
    } finally {
      await worker.terminate();
    }
  });
});
