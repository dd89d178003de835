import type { Handlers } from '../../../shared/contract/api.ts';
import { describeFixCounts } from '../../../shared/trainers/fixes.ts';
import { layoutOptions } from '../../../shared/trainers/reading-kinds.ts';
import { applyTrainerFixes, type TrainerFixResult } from '../check/fixes.ts';
import { checkTrainer } from '../check/trainer-check.ts';
import { announceMutation } from '../session/mutation.ts';
import type { Session } from '../session/session.ts';
import { unwrap } from './errors.ts';

/** The editor's trainer check panel: the same check and fixes as `tagsmith check [--fix]`. */
export function trainerCheckHandlers(session: Session): Pick<Handlers, 'trainer.check' | 'trainer.fix'> {
  return {
    'trainer.check': async ({ trainer, resolution, batchSize, maxTokenLength, layout }) =>
      checkTrainer(session.dataset(), trainer, { resolution, batchSize, maxTokenLength, ...layoutOptions(layout) }),

    'trainer.fix': async ({ trainer, fixes, layout }) => {
      // The counts come from the fix run itself (what reached the disk), so announceMutation's
      // outcome is kept rather than dropped as runMutation does.
      const { outcome, ...result } = unwrap(await announceMutation(session, (dataset) => applyTrainerFixes(dataset, { kinds: fixes, trainer, ...layoutOptions(layout) })));
      const { counts } = outcome as TrainerFixResult;
      return { ...result, summary: describeFixCounts(counts, 'done') };
    },
  };
}
