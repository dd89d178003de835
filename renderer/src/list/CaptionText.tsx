import { memo, useMemo } from 'react';
import { useStore } from '../store/index.ts';
import { useShownDoc } from '../store/shown.ts';
import { captionParts, isBlankLine } from './captionParts.ts';
import './list.css';

const NO_WORDS: readonly string[] = [];

interface Props {
  imageId: string;
  /** Element id (the option's aria-describedby points here). */
  id?: string;
  className?: string;
}

/**
 * An image's whole line 1, wrapped, with trigger words, tags and sentences styled apart; the commas
 * between them stay visible text, so the row reads exactly as the trainer will. Captions are
 * untrusted: every part is a text node, never HTML.
 */
export const CaptionText = memo(function CaptionText({ imageId, id, className }: Props) {
  const doc = useShownDoc(imageId);
  const words = useStore((s) => s.info?.settings.triggerWords ?? NO_WORDS);
  const triggers = useMemo(() => new Set(words), [words]);
  const parts = useMemo(() => (doc ? captionParts(doc, triggers) : []), [doc, triggers]);
  const classes = ['caption-text', className].filter(Boolean).join(' ');
  if (isBlankLine(doc)) {
    return (
      <p id={id} className={`${classes} is-empty`}>
        No caption
      </p>
    );
  }
  return (
    <p id={id} className={classes}>
      {parts.map((p, i) => (
        <span key={i} className={`cap-${p.kind}`}>
          {p.text}
        </span>
      ))}
    </p>
  );
});
