import type { JobSnapshot } from '../../../shared/contract/index.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import { useStore } from '../store/index.ts';
import { revealImage } from './jobActions.ts';
import { endpointText, listedEndpoints } from './endpointStats.ts';
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

/** Each LLM server of a job with several: its throughput, and why it left the job if it did. */
function ServerList({ job }: { job: JobSnapshot }) {
  const servers = listedEndpoints(job.endpoints);
  if (servers.length === 0) return null;
  return (
    <details className="ac-list" open>
      <summary>LLM servers ({servers.length})</summary>
      <ul aria-label="LLM servers">
        {servers.map((e) => (
          <li key={e.baseUrl} className={e.retired === null ? undefined : 'ac-retired'}>
            <span className="ac-server" title={e.model ? `${e.name}, model ${e.model}` : e.name}>{e.name}</span>
            <span>{endpointText(e)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The job's servers, failures and notes: each failure or note names its image, a click shows it in the grid. */
export default function JobDetails({ job }: { job: JobSnapshot }) {
  if (job.failures.length === 0 && job.notes.length === 0 && listedEndpoints(job.endpoints).length === 0) return null;
  const failures = job.failures.map((f, i) => ({ key: `${i}:${f.id}`, id: f.id, text: describeFailure(f) }));
  const notes = job.notes.map((n, i) => ({ key: `${i}:${n.id}`, id: n.id, text: n.message }));
  return (
    <div className="ac-job-details">
      <ServerList job={job} />
      <ImageList title="Failures" rows={failures} />
      <ImageList title="Notes" rows={notes} />
    </div>
  );
}
