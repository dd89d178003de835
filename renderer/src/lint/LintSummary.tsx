import type { LintReport } from '../../../shared/lint/types.ts';
import { summaryLines } from './model.ts';

/** The verdict and the figures behind it. */
export default function LintSummary({ report }: { report: LintReport }) {
  return (
    <div className="lint-summary">
      <p className="lint-verdict">{report.summary.verdict}</p>
      <dl className="lint-figures">
        {summaryLines(report).map((line) => (
          <div key={line.label}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
