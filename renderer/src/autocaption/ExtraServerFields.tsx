import { emptyRow, type ExtraServerRow } from './extraServers.ts';
import FormField from './FormField.tsx';

interface Props {
  rows: readonly ExtraServerRow[];
  error: string | undefined;
  /** The main server's model: what a row without a model name uses. */
  mainModel: string;
  onChange(rows: ExtraServerRow[]): void;
  /** "Test connection" for one row's server; disabled while its URL is unusable. */
  canTest(row: ExtraServerRow): boolean;
  onTest(row: ExtraServerRow): void;
}

/**
 * More servers sharing the job beside the main one (several GPU boxes). Each row is tested with the
 * same check as the main server; its API key comes only from this machine's config for its URL.
 */
export default function ExtraServerFields({ rows, error, mainModel, onChange, canTest, onTest }: Props) {
  const set = (i: number, patch: Partial<ExtraServerRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="ac-servers" role="group" aria-label="More servers">
      {rows.map((row, i) => {
        const n = i + 2;
        return (
          // Rows have no identity beyond their place; the inputs are controlled, so the index is enough.
          <div className="ac-server-row" key={i}>
            <FormField label={`Server ${n} URL`} className="ac-grow">
              {(p) => <input {...p} type="text" value={row.baseUrl} spellCheck={false} placeholder="http://gpu2:8000/v1" onChange={(e) => set(i, { baseUrl: e.target.value })} />}
            </FormField>
            <div className="ac-row">
              <FormField label={`Server ${n} model`} className="ac-grow">
                {(p) => <input {...p} type="text" value={row.model} spellCheck={false} placeholder={mainModel || 'as the main server'} onChange={(e) => set(i, { model: e.target.value })} />}
              </FormField>
              <FormField label={`Server ${n} concurrency`}>
                {(p) => <input {...p} type="number" min={1} max={32} step={1} value={row.concurrency} onChange={(e) => set(i, { concurrency: e.target.value })} />}
              </FormField>
              <button type="button" disabled={!canTest(row)} onClick={() => onTest(row)}>
                Test server {n}
              </button>
              <button type="button" className="btn-quiet" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                Remove server {n}
              </button>
            </div>
          </div>
        );
      })}
      {error && <span className="ac-error">{error}</span>}
      <div className="ac-row">
        <button type="button" onClick={() => onChange([...rows, emptyRow()])}>
          Add server
        </button>
        <span className="ac-hint">More servers share the images; an image a server fails (network, 5xx) goes to another.</span>
      </div>
    </div>
  );
}
