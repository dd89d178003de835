import { useEffect, type RefObject } from 'react';
import { useStore } from '../store/index.ts';
import type { FocusTarget } from '../store/types.ts';

/*
 * Focus moves by request through the store ({target, seq}), never by DOM ids: the component that owns
 * the target focuses its own element. A request is taken once, by the first component to see it, and
 * only while fresh: a field mounted later (the next image's sentence box after PageDown) still takes
 * it, a field mounted long after (a click much later) does not.
 */
let taken = 0;
let madeAt = new Map<number, number>();
const FRESH_MS = 1500;

/** Records when a request was made (called by the ui slice's subscribers below). */
function stamp(seq: number): number {
  let at = madeAt.get(seq);
  if (at === undefined) {
    at = performance.now();
    if (madeAt.size > 32) madeAt = new Map();
    madeAt.set(seq, at);
  }
  return at;
}

/** Focuses `ref` when a fresh request names `target`; `onFocus` replaces the plain focus() (e.g. select too). */
export function useFocusRequest(target: FocusTarget, ref: RefObject<HTMLElement | null>, onFocus?: (el: HTMLElement) => void): void {
  const request = useStore((s) => (s.focusRequest?.target === target ? s.focusRequest : null));
  useEffect(() => {
    if (!request || request.seq <= taken) return;
    if (performance.now() - stamp(request.seq) > FRESH_MS) return;
    const el = ref.current;
    if (!el) return;
    taken = request.seq;
    if (onFocus) onFocus(el);
    else el.focus();
  });
}

// Stamp each request as it is made, so freshness counts from the request, not from a late render.
useStore.subscribe((s, before) => {
  if (s.focusRequest && s.focusRequest !== before.focusRequest) stamp(s.focusRequest.seq);
});
