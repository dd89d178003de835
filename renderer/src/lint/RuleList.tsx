import { useId, useState } from 'react';
import type { LintFix } from '../../../shared/lint/index.ts';
import type { RuleId } from '../../../shared/lint/types.ts';
import { useStore } from '../store/index.ts';
import FindingItem from './FindingItem.tsx';
import { fixOfFinding, type FixOf } from './fixes.ts';
import { imagesText, ruleFilter, SEVERITY_LABELS, type RuleRow } from './model.ts';

/** What the rows may do, bound once by the panel. */
export interface PanelActions {
  fixOf: FixOf;
  /** A fix, a silence or a run is in flight: the action buttons wait. */
  busy: boolean;
  applyFix(fix: LintFix): void;
  silence(rule: RuleId, silenced: boolean): void;
}

/** Findings shown per step: a per-image rule can flag thousands of images, and each row is a few buttons. */
const PAGE = 50;

/** The rules that found something (and the silenced ones), each expandable to its findings. */
export default function RuleList({ rows, actions }: { rows: RuleRow[]; actions: PanelActions }) {
  if (rows.length === 0) return <p className="lint-clean">No findings: every rule passed.</p>;
  return (
    <ul role="list" aria-label="Findings" className="lint-rules">
      {rows.map((row) => (
        <RuleRowView key={row.rule} row={row} actions={actions} />
      ))}
    </ul>
  );
}

function RuleRowView({ row, actions }: { row: RuleRow; actions: PanelActions }) {
  const nameId = useId();
  const listId = useId();
  const [expanded, setExpanded] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const setIdFilter = useStore((s) => s.setIdFilter);
  const severity = row.severity ?? 'info';
  return (
    <li className={`lint-rule is-${row.silenced ? 'silenced' : severity}`} aria-labelledby={nameId}>
      <div className="lint-rule-head">
        <span className={`lint-sev is-${severity}`}>{row.silenced ? 'Silenced' : SEVERITY_LABELS[severity]}</span>
        {row.silenced ? (
          <span id={nameId} className="lint-rule-name">
            {row.label}
          </span>
        ) : (
          <button type="button" id={nameId} className="lint-rule-name" aria-expanded={expanded} aria-controls={expanded ? listId : undefined} onClick={() => setExpanded((e) => !e)}>
            {row.label}
          </button>
        )}
        {!row.silenced && <span className="finding-count">{imagesText(row.images)}</span>}
        <button
          type="button"
          className="btn btn-quiet lint-silence"
          aria-pressed={row.silenced}
          disabled={actions.busy}
          title={row.silenced ? 'Let this rule report again for this dataset' : 'Stop reporting this rule for this dataset'}
          onClick={() => actions.silence(row.rule, !row.silenced)}
        >
          Silence
        </button>
      </div>
      {expanded && !row.silenced && (
        <div id={listId} className="lint-rule-body">
          <div className="lint-rule-actions">
            <button type="button" className="btn" onClick={() => setIdFilter(ruleFilter(row))}>
              Show all in grid
            </button>
          </div>
          <ul role="list" aria-label={`${row.label}: findings`} className="findings">
            {row.findings.slice(0, shown).map((finding, i) => (
              <FindingItem key={i} finding={finding} fix={fixOfFinding(actions.fixOf, finding)} busy={actions.busy} onApply={actions.applyFix} />
            ))}
          </ul>
          {row.findings.length > shown && (
            <button type="button" className="btn btn-quiet" onClick={() => setShown((n) => n + PAGE)}>
              {`Show ${Math.min(PAGE, row.findings.length - shown)} more of ${row.findings.length - shown}`}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
