import { useEffect, useMemo, useState } from 'react';
import { CLIP_TOKEN_LIMIT, estimateClipTokens } from '../../../shared/clip/estimate.ts';
import { request } from '../store/request.ts';
import { useStore } from '../store/index.ts';

/** A pause in typing before the exact count is asked for. */
const COUNT_DELAY_MS = 150;

/**
 * CLIP tokens of line 1 against the 75 one text-encoder chunk holds: the exact count from the
 * backend's tokenizer (the one kohya runs), with the estimate shown only until it arrives or when no
 * vocabulary could be read.
 */
export default function TokenEstimate({ line }: { line: string }) {
  const transport = useStore((s) => s.transport);
  const estimate = useMemo(() => estimateClipTokens(line), [line]);
  const [exact, setExact] = useState<{ line: string; count: number } | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void request(transport, 'tokens.count', { texts: [line] }).then((res) => {
        if (live && res.ok && res.value.exact) setExact({ line, count: res.value.counts[0]! });
      });
    }, COUNT_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [transport, line]);
  const known = exact?.line === line;
  const count = known ? exact.count : estimate;
  const over = count > CLIP_TOKEN_LIMIT;
  return (
    <p
      className={over ? 'ts-tokens ts-tokens-over' : 'ts-tokens'}
      data-exact={known}
      title={
        known
          ? "CLIP tokens in line 1, counted with CLIP's own tokenizer as kohya runs it. Past 75, SD 1.x/SDXL trainers cut the caption or split it into chunks."
          : 'An estimate of CLIP tokens in line 1 (the exact count follows when the tokenizer answers). Past 75, SD 1.x/SDXL trainers cut the caption or split it into chunks.'
      }
    >
      {known ? '' : '≈'}
      {count} / {CLIP_TOKEN_LIMIT} tokens{over ? ' (over one CLIP chunk)' : ''}
    </p>
  );
}
