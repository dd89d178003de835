import { useEffect, type RefObject } from 'react';
import { useStore } from '../store/index.ts';
import type { FocusTarget } from '../store/types.ts';

/*
 * Focus moves by request through the store ({target, seq, at}), never by DOM ids: the component that
 * owns the target focuses its own element. A request is taken once, by the first component to see it,
 * and only while fresh: a field mounted right after (the next image's sentence box after PageDown)
 * still takes it, a field mounted much later (after a click) does not.
 */
let taken = 0;
const FRESH_MS = 1500;

/** Focuses `ref` when a fresh request names `target`; `onFocus` replaces the plain focus() (e.g. select too). */
export function useFocusRequest(target: FocusTarget, ref: RefObject<HTMLElement | null>, onFocus?: (el: HTMLElement) => void): void {
  const request = useStore((s) => (s.focusRequest?.target === target ? s.focusRequest : null));
  useEffect(() => {
    if (!request || request.seq <= taken || performance.now() - request.at > FRESH_MS) return;
    const el = ref.current;
    if (!el) return;
    taken = request.seq;
    if (onFocus) onFocus(el);
    else el.focus();
  });
}
