import { TimeSlices } from '../fs/parallel.ts';

/**
 * Big arrays across a worker boundary, as UTF-8 JSON in pieces whose buffers are transferred, not
 * copied. postMessage clones synchronously: 100,000 captions held the editor's main thread ~0.1 s to
 * send as objects and as long again to take back, and as strings it is no cheaper (measured: 50
 * strings of 260 KB took 100 ms). A transfer is free; what is left on the main thread is making and
 * reading the pieces, ~2 ms each, in time slices (the worker does its side the same way). JSON keeps
 * every string exactly: stringify escapes lone surrogates, so UTF-8 can carry them.
 */
const PIECE_ITEMS = 2000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type JsonPieces = Uint8Array[];

export async function toJsonPieces<T>(items: readonly T[]): Promise<JsonPieces> {
  const pieces: JsonPieces = [];
  const slices = new TimeSlices();
  for (let i = 0; i < items.length; i += PIECE_ITEMS) {
    if (slices.due()) await slices.yield();
    pieces.push(encoder.encode(JSON.stringify(items.slice(i, i + PIECE_ITEMS))));
  }
  return pieces;
}

export async function fromJsonPieces<T>(pieces: JsonPieces): Promise<T[]> {
  const items: T[] = [];
  const slices = new TimeSlices();
  for (const piece of pieces) {
    if (slices.due()) await slices.yield();
    for (const item of JSON.parse(decoder.decode(piece)) as T[]) items.push(item);
  }
  return items;
}

/** The buffers to hand postMessage as its transfer list (each piece owns its whole buffer). */
export const piecesTransfer = (pieces: JsonPieces): ArrayBuffer[] => pieces.map((p) => p.buffer as ArrayBuffer);
