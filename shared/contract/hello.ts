/*
 * Web mode's event socket opens with one frame that is no event: how many events the session had sent
 * when the socket joined (`seq`). A page may ask for the snapshot before its socket is open (the request
 * goes out while the page's code is still being evaluated): the snapshot says how many events had been
 * sent when it was taken (DatasetSnapshot.eventSeq), and if that is fewer than the socket's `seq`, an
 * event in between reached neither, and the page asks again. Plain code, no schema: the page reads this
 * before zod is evaluated.
 */

export interface HelloFrame {
  hello: { seq: number };
}

export const helloFrame = (seq: number): string => JSON.stringify({ hello: { seq } } satisfies HelloFrame);

/** The socket's `seq`, or null when `data` is not a hello frame. */
export function helloSeq(data: unknown): number | null {
  if (typeof data !== 'string' || !data.startsWith('{"hello"')) return null;
  try {
    const seq = (JSON.parse(data) as Partial<HelloFrame>).hello?.seq;
    return Number.isSafeInteger(seq) && seq! >= 0 ? seq! : null;
  } catch {
    return null;
  }
}
