import type { JobSnapshot } from '../../../shared/contract/index.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import { useStore } from '../store/index.ts';
import { revealImage } from './jobActions.ts';
import { describeFailure } from './progress.ts';

/** A job over 10,000 images can fail on all of them (server down); the list shows the first ones. */
const LIST_LIMIT = 200;

interface Row {
  key: string;
  id: string;
  text: string;
}

function ImageList({ title, rows }: { title: string; rows: Row[] }) {
  if (rows.length === 0) return null;
  const shown = rows.slice(0, LIST_LIMIT);
  return (
    <details className="ac-list">
      <summary>
        {title} ({rows.length.toLocaleString()})
      </summary>
      <ul aria-label={title}>
        {shown.map((r) => (
          <li key={r.key}>
            <button type="button" className="ac-link" title={`Show ${r.id}`} onClick={() => revealImage(useStore, r.id)}>
              {fileName(r.id)}
            </button>
            <span>{r.text}</span>
          </li>
        ))}
        {rows.length > shown.length && <li className="ac-hint">…and {(rows.length - shown.length).toLocaleString()} more</li>}
      </ul>
    </details>
  );
}

/** The job's failures and notes: each names its image, and a click shows that image in the grid. */
export default function JobDetails({ job }: { job: JobSnapshot }) {
  if (job.failures.length === 0 && job.notes.length === 0) return null;
  const failures = job.failures.map((f, i) => ({ key: `${i}:${f.id}`, id: f.id, text: describeFailure(f) }));
  const notes = job.notes.map((n, i) => ({ key: `${i}:${n.id}`, id: n.id, text: n.message }));
  return (
    <div className="ac-job-details">
      <ImageList title="Failures" rows={failures} />
      <ImageList title="Notes" rows={notes} />
    </div>
  );
}
