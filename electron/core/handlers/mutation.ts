import type { EditResult } from '../../../shared/contract/models.ts';
import type { Result } from '../../../shared/result.ts';
import type { ApplyResult, Dataset, MutationError } from '../dataset/dataset.ts';
import { announceMutation } from '../session/mutation.ts';
import type { Session } from '../session/session.ts';
import { unwrap } from './errors.ts';

/** announceMutation for a handler: a failure becomes the contract's error envelope. */
export async function runMutation(
  session: Session,
  run: (dataset: Dataset) => Promise<Result<ApplyResult, MutationError>>,
  tried: Iterable<string> = [],
): Promise<EditResult> {
  const { outcome: _outcome, ...result } = unwrap(await announceMutation(session, run, tried));
  return result;
}
