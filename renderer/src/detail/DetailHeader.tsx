import { fileName, folderOf } from '../../../shared/contract/ids.ts';
import { useActionButton } from '../actions/useActionButton.ts';
import { useStore } from '../store/index.ts';
import type { DraftStatus } from '../store/types.ts';
import SaveBadge from './SaveBadge.tsx';

/** The image's name with previous / next (PageUp / PageDown), its save state and its review mark. */
export default function DetailHeader({ id, status, hasFile }: { id: string; status: DraftStatus | null; hasFile: boolean }) {
  const prev = useActionButton(useStore, 'prevImage');
  const next = useActionButton(useStore, 'nextImage');
  const review = useActionButton(useStore, 'toggleReviewed');
  const reviewed = useStore((s) => s.reviewed.has(id));
  const position = useStore((s) => {
    const at = s.filtered.indexOf(id);
    return at < 0 ? null : `${at + 1} of ${s.filtered.length}`;
  });
  const folder = folderOf(id);
  return (
    <header className="ts-detail-head">
      <button type="button" className="ts-nav" aria-label={prev.label} title={prev.title} aria-keyshortcuts="PageUp" disabled={prev.disabled} onClick={prev.onClick}>
        ‹
      </button>
      <h2 className="ts-filename" title={id}>
        {fileName(id)}
        {folder && <span className="ts-folder"> · {folder}</span>}
      </h2>
      {position && <span className="ts-position">{position}</span>}
      <SaveBadge status={status} hasFile={hasFile} />
      <button
        type="button"
        className="ts-review"
        aria-pressed={reviewed}
        aria-keyshortcuts="R"
        title={`${reviewed ? 'Reviewed: press to unmark' : 'Mark this image reviewed'} (${review.shortcut})`}
        disabled={review.disabled}
        onClick={review.onClick}
      >
        {reviewed ? '✓ Reviewed' : 'Reviewed'}
      </button>
      <button type="button" className="ts-nav" aria-label={next.label} title={next.title} aria-keyshortcuts="PageDown" disabled={next.disabled} onClick={next.onClick}>
        ›
      </button>
    </header>
  );
}
