import type { Channel, RequestOf, ResponseOf } from '../../../shared/contract/index.ts';
import type { LintReport, RuleId } from '../../../shared/lint/types.ts';
import { err, ok, type AppError, type Result } from '../../../shared/result.ts';
import { appliedMessage } from './applied-message.ts';
import { lintMarksOf as marksFor, type LintMark } from './lint-marks.ts';
import type { SliceCreator } from './types.ts';
import type { LintSlice, Store } from './types.ts';
import { request } from './request.ts';

/*
 * Caption lint in the store: the last report (and the captions it was computed from), the per-image
 * marks the grid's badges read, and the actions the lint panel calls. A fix is one `batch.apply`
 * (one journal entry, one undo) followed by a fresh run, so the panel never shows what was just fixed.
 */

const NO_RULES: readonly RuleId[] = [];

const disabledRules = (s: Store): readonly RuleId[] => s.info?.settings.lint.disabled ?? NO_RULES;

let marksMemo: { report: LintReport | null; disabled: readonly RuleId[]; marks: ReadonlyMap<string, LintMark> } | null = null;

/**
 * Per image: the rules of the last report that flag it (grid badges), silenced rules left out.
 * Derived, not stored, so a rule silenced anywhere (another window, the CLI) drops its badges at
 * once; memoised on (report, disabled list), which change rarely, so every grid item can call it.
 */
export function lintMarksOf(s: Store): ReadonlyMap<string, LintMark> {
  const disabled = disabledRules(s);
  const report = s.lintRoot === (s.info?.root ?? null) ? s.lintReport : null;
  if (marksMemo?.report !== report || marksMemo.disabled !== disabled) marksMemo = { report, disabled, marks: marksFor(report, disabled) };
  return marksMemo.marks;
}

export const createLintSlice: SliceCreator<LintSlice> = (set, get) => {
  // Bumped per run: the answer of a run that a newer one replaced is dropped.
  let generation = 0;

  const call = <C extends Channel>(channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>, AppError>> =>
    request(get().transport, channel, payload);

  return {
    lintOpen: false,
    lintImages: true,
    lintReport: null,
    lintRoot: null,
    lintBasis: null,
    lintRun: { kind: 'idle' },

    openLint() {
      set({ lintOpen: true });
      const s = get();
      const current = s.lintReport !== null && s.lintRoot === (s.info?.root ?? null);
      if (!current && s.lintRun.kind !== 'running') void s.runLint();
    },
    closeLint: () => set({ lintOpen: false }),
    setLintImages: (lintImages) => set({ lintImages }),

    async runLint() {
      const run = ++generation;
      set({ lintRun: { kind: 'running', startedAt: Date.now() } });
      // Lint reads the files: pending edits are saved first so the report is about what the user sees.
      await get().flushDrafts();
      const basis = get().images;
      const root = get().info?.root ?? null;
      const res = await call('lint.run', { images: get().lintImages });
      if (run !== generation) return;
      if (!res.ok) {
        set({ lintRun: { kind: 'failed', message: res.error.message } });
        return;
      }
      set({ lintReport: res.value, lintRoot: root, lintBasis: basis, lintRun: { kind: 'idle' } });
    },

    async applyLintFix(fix) {
      await get().flushDrafts();
      const res = await call('batch.apply', { target: { kind: 'ids', ids: fix.ids }, ops: fix.ops, label: fix.label });
      if (!res.ok) {
        get().setMessage(`${fix.label}: ${res.error.message}`);
        return err(res.error);
      }
      get().applyImages(res.value.images, [], 'edit');
      get().setHistory(res.value.history);
      const message = `${fix.label}: ${appliedMessage(res.value)}`;
      get().setMessage(message);
      await get().runLint();
      return ok(message);
    },

    async silenceRule(rule, silenced) {
      const info = get().info;
      if (!info) return err({ kind: 'not-connected', message: 'No dataset is open.' });
      const lint = info.settings.lint;
      const disabled = silenced ? [...new Set([...lint.disabled, rule])] : lint.disabled.filter((r) => r !== rule);
      const res = await call('settings.update', { patch: { lint: { ...lint, disabled } } });
      if (!res.ok) return err(res.error);
      get().setSettings(res.value);
      // A silenced rule may have been skipped by the last run: letting it speak again needs a new one.
      if (!silenced && !get().lintReport?.findings.some((f) => f.rule === rule)) await get().runLint();
      return ok(undefined);
    },
  };
};
