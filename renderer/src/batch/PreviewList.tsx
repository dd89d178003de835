import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef } from 'react';
import { splitFirstLine } from '../../../shared/caption/index.ts';
import type { BatchPreview } from '../../../shared/contract/index.ts';
import { diffWords, type Segment } from './diff.ts';

type Change = BatchPreview['changes'][number];

// Only line 1 is shown: the ops never change the lines after it, and they would only add noise.
const line1 = (text: string | null): string => (text === null ? '' : splitFirstLine(text).line);

export function Segments({ segments, mark }: { segments: Segment[]; mark: 'del' | 'ins' }) {
  const Mark = mark;
  return (
    <>
      {segments.map((s, i) => (s.changed ? <Mark key={i}>{s.text}</Mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

const Row = memo(function Row({ change }: { change: Change }) {
  const d = useMemo(() => diffWords(line1(change.before), line1(change.after)), [change]);
  return (
    <div className="ts-prow">
      <div className="ts-pfile">{change.captionPath}</div>
      <div className="ts-pline ts-pbefore">
        <span className="ts-plabel">before</span>
        {change.before === null ? <em>(no caption file)</em> : <Segments segments={d.before} mark="del" />}
      </div>
      <div className="ts-pline ts-pafter">
        <span className="ts-plabel">after</span>
        {change.after === null ? <em>(left blank: caption file removed)</em> : <Segments segments={d.after} mark="ins" />}
      </div>
    </div>
  );
});

/** Every caption the batch would change, before and after; virtualized since a batch can touch 10,000 files. */
export default function PreviewList({ changes }: { changes: Change[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: changes.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 76,
    overscan: 6,
  });
  return (
    <div ref={scrollRef} className="ts-plist" role="region" aria-label="Changes preview" tabIndex={0}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
          >
            <Row change={changes[item.index]!} />
          </div>
        ))}
      </div>
    </div>
  );
}
