import type { LintFix } from '../../../shared/lint/index.ts';
import type { LintFinding } from '../../../shared/lint/types.ts';
import { useStore } from '../store/index.ts';
import AddGroupTag from './AddGroupTag.tsx';
import { findingFilter, imagesText } from './model.ts';

interface Props {
  finding: LintFinding;
  /** Its mechanical fix, if it has one. */
  fix: LintFix | null;
  busy: boolean;
  onApply(fix: LintFix): void;
}

/** One finding: its message (click: show its images in the grid), its count and what can fix it. */
export default function FindingItem({ finding, fix, busy, onApply }: Props) {
  const active = useStore((s) => s.idFilter?.ids === finding.images);
  const setIdFilter = useStore((s) => s.setIdFilter);
  return (
    <li className="finding">
      <button
        type="button"
        className="finding-show"
        aria-pressed={active}
        title={active ? 'Showing these images: click to show all again' : 'Show these images in the grid'}
        onClick={() => setIdFilter(active ? null : findingFilter(finding))}
      >
        {finding.message}
      </button>
      <span className="finding-count">{imagesText(finding.images.length)}</span>
      {(fix || finding.rule === 'group-missing') && (
        <div className="finding-fix">
          {fix && (
            <button type="button" className="btn" disabled={busy} onClick={() => onApply(fix)}>
              {fix.label}
            </button>
          )}
          {finding.rule === 'group-missing' && <AddGroupTag finding={finding} busy={busy} onApply={onApply} />}
        </div>
      )}
    </li>
  );
}
