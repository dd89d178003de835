import { useCallback, useEffect, useMemo, useState } from 'react';
import { fixFor, type LintFix } from '../../../shared/lint/index.ts';
import type { LintFinding, RuleId } from '../../../shared/lint/types.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { useStore } from '../store/index.ts';
import type { LintRun } from '../store/types.ts';
import { needsPreview } from './fix-preview.ts';
import FixPreview from './FixPreview.tsx';
import type { FixOf } from './fixes.ts';
import '../shared-ui/dock-panel.css';
import './lint.css';
import LintSummary from './LintSummary.tsx';
import { captionsChangedSince, ruleRows, runningText } from './model.ts';
import RuleList, { type PanelActions } from './RuleList.tsx';

const NO_WORDS: readonly string[] = [];
const NO_RULES: readonly RuleId[] = [];

/** Mounted by the shell: the "Caption lint" region, docked right of the detail panel while open. */
export default function LintPanel() {
  const open = useStore((s) => s.lintOpen);
  if (!open) return null;
  return (
    <aside className="dock-aside" aria-label="Caption lint">
      <LintPanelBody />
    </aside>
  );
}

type Status = { kind: 'ok' | 'error'; text: string } | null;

function LintPanelBody() {
  const run = useStore((s) => s.lintRun);
  const report = useStore((s) => (s.lintRoot === (s.info?.root ?? null) ? s.lintReport : null));
  // Two plain selectors and a memo: a selector that scans every image would run on every store change.
  const basis = useStore((s) => s.lintBasis);
  const images = useStore((s) => s.images);
  const stale = useMemo(() => captionsChangedSince(basis, images), [basis, images]);
  const disabled = useStore((s) => s.info?.settings.lint.disabled ?? NO_RULES);
  const triggerWords = useStore((s) => s.info?.settings.triggerWords ?? NO_WORDS);
  const lintImages = useStore((s) => s.lintImages);
  const { runLint, closeLint, setLintImages, applyLintFix, silenceRule } = useStore.getState();
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  // A fix over several files waits here, shown in its preview, until Apply or Cancel.
  const [previewing, setPreviewing] = useState<LintFix | null>(null);

  const rows = useMemo(() => ruleRows(report, disabled), [report, disabled]);
  const fixOf: FixOf = useCallback((finding: LintFinding) => fixFor(finding, { triggerWords }), [triggerWords]);

  // One action at a time: the buttons are disabled while a fix, a silence or a run is in flight.
  const act = useCallback(async (work: () => Promise<Result<unknown, AppError>>, done?: string) => {
    setPending(true);
    setStatus(null);
    const res = await work();
    setPending(false);
    if (!res.ok) setStatus({ kind: 'error', text: res.error.message });
    else setStatus({ kind: 'ok', text: typeof res.value === 'string' ? res.value : (done ?? '') });
  }, []);

  const actions: PanelActions = useMemo(
    () => ({
      fixOf,
      busy: pending || run.kind === 'running',
      applyFix: (fix: LintFix) => {
        if (needsPreview(fix)) setPreviewing(fix);
        else void act(() => applyLintFix(fix));
      },
      silence: (rule: RuleId, silenced: boolean) => void act(() => silenceRule(rule, silenced), silenced ? 'Rule silenced for this dataset' : 'Rule active again'),
    }),
    [fixOf, pending, run.kind, act, applyLintFix, silenceRule],
  );

  return (
    <section className="dock-panel">
      <header className="dock-head">
        <h2>Caption lint</h2>
        <button type="button" className="btn" disabled={run.kind === 'running'} onClick={() => void runLint()}>
          Re-run
        </button>
        <button type="button" className="btn btn-quiet btn-icon" aria-label="Close lint panel" title="Close" onClick={closeLint}>
          ×
        </button>
      </header>
      <label className="lint-option" title="Perceptual hashes of every image; cached after the first run">
        <input type="checkbox" checked={lintImages} onChange={(e) => setLintImages(e.target.checked)} /> Look for duplicate pictures
      </label>
      <RunState run={run} stale={stale && report !== null} />
      {report && <LintSummary report={report} />}
      {report && <RuleList rows={rows} actions={actions} />}
      <p role="status" className={status?.kind === 'error' ? 'dock-status is-error' : 'dock-status'}>
        {status?.text}
      </p>
      {previewing && (
        <FixPreview
          fix={previewing}
          onCancel={() => setPreviewing(null)}
          onApply={(fix) => {
            setPreviewing(null);
            void act(() => applyLintFix(fix));
          }}
        />
      )}
    </section>
  );
}

function useSeconds(startedAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}

function RunState({ run, stale }: { run: LintRun; stale: boolean }) {
  const captions = useStore((s) => s.order.length);
  const images = useStore((s) => s.lintImages);
  const seconds = useSeconds(run.kind === 'running' ? run.startedAt : null);
  if (run.kind === 'failed') {
    return (
      <p role="alert" className="dock-status is-error">
        Lint failed: {run.message}
      </p>
    );
  }
  return (
    <p role="status" className="dock-status" aria-busy={run.kind === 'running'}>
      {run.kind === 'running' ? runningText(captions, images, seconds) : stale ? 'Captions changed since this run: Re-run to update.' : ''}
    </p>
  );
}
