import { useMemo } from 'react';
import { CLIP_TOKEN_LIMIT, estimateClipTokens } from '../../../shared/clip/estimate.ts';

/** Estimated CLIP tokens of line 1 against the 75 one text-encoder chunk holds. */
export default function TokenEstimate({ line }: { line: string }) {
  const count = useMemo(() => estimateClipTokens(line), [line]);
  const over = count > CLIP_TOKEN_LIMIT;
  return (
    <p
      className={over ? 'ts-tokens ts-tokens-over' : 'ts-tokens'}
      title="An estimate of CLIP tokens in line 1 (the real count needs the tokenizer). Past 75, SD 1.x/SDXL trainers cut the caption or split it into chunks."
    >
      {count} / {CLIP_TOKEN_LIMIT} tokens{over ? ' (over one CLIP chunk)' : ''}
    </p>
  );
}
