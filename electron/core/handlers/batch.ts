import { HandlerError, type Handlers } from '../../../shared/contract/api.ts';
import type { BatchTarget } from '../../../shared/contract/models.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { validateOps, type TagOp } from '../../../shared/tags/index.ts';
import { applyEdit } from '../editing/apply.ts';
import { describeOps } from '../editing/describe.ts';
import { planEdit, type EditRequest } from '../editing/plan.ts';
import type { Session } from '../session/session.ts';
import { fail, unwrap } from './errors.ts';
import { runMutation } from './mutation.ts';

type BatchHandlers = Pick<Handlers, 'batch.preview' | 'batch.apply'>;

export function batchHandlers(session: Session): BatchHandlers {
  return {
    'batch.preview': async ({ target, ops, createMissing }) => {
      const plan = unwrap(queryError(await planEdit(session.dataset(), { ...editRequest(target, ops), createMissing }, session.planner())));
      return {
        selected: plan.selected,
        uncaptioned: plan.uncaptioned,
        changes: plan.changes.map((c) => ({ id: c.imageRelPath, captionPath: c.captionRelPath, before: c.before, after: c.after })),
        refused: plan.refused,
        triggerWords: plan.triggerWords,
        triggerWordsChanged: plan.triggerWordsChanged,
      };
    },

    'batch.apply': async ({ target, ops, label, createMissing }) => {
      const request = { ...editRequest(target, ops), createMissing };
      // Every image the plan aimed at either changed (the result's diff) or is listed as a conflict.
      return runMutation(session, async (dataset) => {
        const applied = await applyEdit(dataset, { ...request, label: label?.trim() || describeOps(ops) }, session.planner());
        if (!applied.ok) return queryError(applied);
        return applied;
      });
    },
  };
}

function editRequest(target: BatchTarget, ops: TagOp[]): EditRequest {
  const valid = validateOps(ops);
  if (!valid.ok) fail(valid.error);
  switch (target.kind) {
    case 'all': return { ops };
    case 'filter': return { filter: target.query, ops };
    case 'ids': return { ids: target.ids, ops };
  }
}

/** Passes a result through, except a query syntax error, which is thrown as the contract's `invalid-query`. */
function queryError<T>(result: Result<T, AppError>): Result<T, AppError> {
  // Kept whole (message, query, caret line): the filter bar shows where the query went wrong.
  if (!result.ok && result.error.kind === 'query-syntax') throw new HandlerError('invalid-query', result.error.message);
  return result;
}
