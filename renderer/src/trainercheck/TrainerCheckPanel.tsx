import { useCallback, useEffect, useRef, useState } from 'react';
import { TRAINER_FIX_LABELS, type TrainerFixKind } from '../../../shared/trainers/fixes.ts';
import type { TrainerCheck } from '../../../shared/trainers/geometry-check.ts';
import { TRAINER_NAMES } from '../../../shared/trainers/image-formats.ts';
import { TRAINER_FORMATS, type TrainerFormat } from '../../../shared/trainers/types.ts';
import type { TrainerLayout } from '../../../shared/trainers/reading-kinds.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import { request } from '../store/request.ts';
import { useStore } from '../store/index.ts';
import BucketBars from './BucketBars.tsx';
import ImageReadingView from './ImageReadingView.tsx';
import PictureStats from './PictureStats.tsx';
import { countsLine, findingFilter, findingRows, verdict, type FindingRow } from './model.ts';
import '../shared-ui/dock-panel.css';
import './trainercheck.css';

export const TOKEN_LIMITS = [75, 150, 225, 512] as const;
type TokenLimit = (typeof TOKEN_LIMITS)[number];

interface Options {
  trainer: TrainerFormat;
  resolution: number;
  batchSize: number;
  maxTokenLength: TokenLimit;
  layout: TrainerLayout;
}

/** What the panel was set to when it was closed: reopening it checks the same way. */
let remembered: Options = { trainer: 'kohya', resolution: 1024, batchSize: 1, maxTokenLength: 75, layout: 'configs' };

/** How each trainer can be pointed at the folder (ai-toolkit always walks all of it: no choice). */
const LAYOUT_NAMES: Record<TrainerFormat, Partial<Record<TrainerLayout, string>>> = {
  kohya: { configs: "Tagsmith's toml", 'folder-only': 'One image_dir', 'train-data-dir': '--train_data_dir' },
  'ai-toolkit': {},
  onetrainer: { configs: 'With subfolders', 'folder-only': 'Without subfolders' },
};

type Run = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; check: TrainerCheck } | { kind: 'error'; message: string };

/**
 * The pre-training check, docked beside the images: what the chosen trainer loads from the folder as
 * it is on disk, the exact text it encodes, its aspect-ratio buckets, and what stops or misleads it.
 * Every finding shows its images in the grid with one click; mechanical blockers have a journaled fix.
 */
export default function TrainerCheckPanel({ onClose }: { onClose(): void }) {
  const transport = useStore((s) => s.transport);
  const head = useStore((s) => s.history.head);
  const [options, setOptions] = useState<Options>(remembered);
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [fixing, setFixing] = useState(false);
  const generation = useRef(0);

  const check = useCallback(async () => {
    const mine = ++generation.current;
    setRun((r) => (r.kind === 'done' ? r : { kind: 'running' }));
    const res = await request(transport, 'trainer.check', { ...options });
    if (mine !== generation.current) return;
    setRun(res.ok ? { kind: 'done', check: res.value } : { kind: 'error', message: res.error.message });
  }, [transport, options]);

  useEffect(() => {
    remembered = options;
  }, [options]);
  // Checked again when the options change and after every edit or undo (the files changed).
  useEffect(() => {
    const timer = setTimeout(() => void check(), 250);
    return () => clearTimeout(timer);
  }, [check, head]);

  const fix = async (kind: TrainerFixKind) => {
    setFixing(true);
    setStatus(null);
    const res = await request(transport, 'trainer.fix', { trainer: options.trainer, fixes: [kind], layout: options.layout });
    setFixing(false);
    if (!res.ok) {
      setStatus({ error: true, text: `Could not ${TRAINER_FIX_LABELS[kind]}: ${res.error.message}` });
      return;
    }
    const state = useStore.getState();
    state.applyImages(res.value.images, [], 'edit');
    state.setHistory(res.value.history);
    const refused = res.value.conflicts.length ? `; ${res.value.conflicts.length} left alone (changed on disk)` : '';
    const done = res.value.summary.charAt(0).toUpperCase() + res.value.summary.slice(1);
    const text = res.value.written === 0 ? `Nothing to fix${refused}` : `${done}; Ctrl+Z to undo${refused}`;
    setStatus({ error: false, text });
    state.setMessage(text);
  };

  const current = run.kind === 'done' ? run.check : null;
  const set = (patch: Partial<Options>) => setOptions((o) => ({ ...o, ...patch }));

  return (
    <aside className="dock-aside" aria-label="Trainer check">
      <section className="dock-panel tc-panel">
        <header className="dock-head">
          <h2>Trainer check</h2>
          <button type="button" className="btn" disabled={run.kind === 'running'} onClick={() => void check()}>
            Re-run
          </button>
          <button type="button" className="btn btn-quiet btn-icon" aria-label="Close trainer check" title="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="tc-options">
          <label>
            Trainer
            <select
              value={options.trainer}
              onChange={(e) => {
                const trainer = e.target.value as TrainerFormat;
                // A layout the new trainer has no such thing as goes back to Tagsmith's configs.
                set({ trainer, ...(LAYOUT_NAMES[trainer][options.layout] ? {} : { layout: 'configs' }) });
              }}
            >
              {TRAINER_FORMATS.map((t) => (
                <option key={t} value={t}>
                  {TRAINER_NAMES[t]}
                </option>
              ))}
            </select>
          </label>
          {options.trainer !== 'ai-toolkit' && (
            <label title="How the trainer is pointed at this folder: Tagsmith's config, the folder alone, or kohya_ss's <repeats>_<class> subfolders (--train_data_dir)">
              Reads
              <select value={options.layout} onChange={(e) => set({ layout: e.target.value as TrainerLayout })}>
                {Object.entries(LAYOUT_NAMES[options.trainer]).map(([layout, name]) => (
                  <option key={layout} value={layout}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <NumberField label="Resolution" value={options.resolution} min={64} max={8192} step={64} onChange={(resolution) => set({ resolution })} />
          <NumberField label="Batch size" value={options.batchSize} min={1} max={1024} step={1} onChange={(batchSize) => set({ batchSize })} />
          <label title="kohya --max_token_length (CLIP 75, 150, 225); 512: T5 (Flux, SD3 in ai-toolkit)">
            Token limit
            <select value={options.maxTokenLength} onChange={(e) => set({ maxTokenLength: Number(e.target.value) as TokenLimit })}>
              {TOKEN_LIMITS.map((n) => (
                <option key={n} value={n}>
                  {n === 512 ? '512 (T5)' : `${n} (CLIP)`}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className={`tc-verdict${current && verdict(current).blocked ? ' is-blocked' : ''}`} role="status">
          {run.kind === 'running' || run.kind === 'idle' ? 'Checking the folder as the trainer reads it…' : run.kind === 'error' ? `Check failed: ${run.message}` : verdict(run.check).text}
        </p>
        {current && <p className="tc-counts">{countsLine(current)}</p>}
        {current && <Findings rows={findingRows(current)} severity="blocker" busy={fixing} onFix={fix} />}
        {current && <Findings rows={findingRows(current)} severity="warning" busy={fixing} onFix={fix} />}
        <p role="status" className={status?.error ? 'dock-status is-error' : 'dock-status'}>
          {status?.text}
        </p>
        {current && <BucketBars geometry={current.geometry} />}
        {current && <PictureStats geometry={current.geometry} />}
        {current && <ImageReadingView check={current} />}
      </section>
    </aside>
  );
}

function Findings({ rows, severity, busy, onFix }: { rows: FindingRow[]; severity: 'blocker' | 'warning'; busy: boolean; onFix(kind: TrainerFixKind): void }) {
  const shown = rows.filter((r) => r.finding.severity === severity);
  const images = useStore((s) => s.images);
  const active = useStore((s) => s.idFilter?.label ?? null);
  const setIdFilter = useStore((s) => s.setIdFilter);
  if (shown.length === 0) return null;
  const title = severity === 'blocker' ? 'Blockers: training stops' : 'Warnings';
  return (
    <section className={`tc-findings is-${severity}`} aria-label={title}>
      <h3>{title}</h3>
      <ul className="findings">
        {shown.map(({ key, finding, fix }) => {
          const filter = findingFilter(finding, (id) => id in images);
          const on = active === filter.label;
          return (
            <li key={key} className="finding">
              <button
                type="button"
                className="finding-show"
                aria-pressed={on}
                disabled={filter.ids.length === 0}
                title={on ? 'Showing these images: click to show all again' : `Show these images in the grid: ${finding.images.slice(0, 5).map(fileName).join(', ')}`}
                onClick={() => setIdFilter(on ? null : filter)}
              >
                {finding.message}
              </button>
              <span className="finding-count">{finding.images.length === 1 ? '1 image' : `${finding.images.length} images`}</span>
              {fix && (
                <div className="finding-fix">
                  <button type="button" className="btn" disabled={busy} title="One journal entry: Ctrl+Z takes it back" onClick={() => onFix(fix)}>
                    Fix: {TRAINER_FIX_LABELS[fix]}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A number that is only taken once it is valid (a half-typed "10" must not start a check at 10 px). */
function NumberField({ label, value, min, max, step, onChange }: { label: string; value: number; min: number; max: number; step: number; onChange(v: number): void }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  return (
    <label>
      {label}
      <input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={step}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (Number.isInteger(n) && n >= min && n <= max) onChange(n);
        }}
      />
    </label>
  );
}
