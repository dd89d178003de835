import { HandlerError, type Handlers } from '../../../shared/contract/api.ts';
import type { Dataset } from '../dataset/dataset.ts';
import type { Session } from '../session/session.ts';
import { unwrap } from './errors.ts';

type ReviewHandlers = Pick<Handlers, 'review.set'>;

export function reviewHandlers(session: Session): ReviewHandlers {
  return {
    'review.set': async ({ ids, reviewed }) => {
      const dataset = session.dataset();
      const missing = ids.filter((id) => !dataset.image(id));
      if (missing.length > 0) {
        const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
        throw new HandlerError('not-found', `no such image: ${missing.slice(0, 3).join(', ')}${more}`);
      }
      const { changed, outside } = unwrap(await dataset.review().set(ids, reviewed));
      // The folder may have been switched while the file was written: its clients must not hear it.
      if (dataset === session.dataset()) {
        announce(session, dataset, outside.marked, true);
        announce(session, dataset, outside.unmarked, false);
        if (changed.length > 0) session.emit('review.changed', { ids: changed, reviewed });
      }
      return { ids: changed, reviewed };
    },
  };
}

/** Marks another process changed: only those of images that exist reach the clients. */
function announce(session: Session, dataset: Dataset, ids: readonly string[], reviewed: boolean): void {
  const present = ids.filter((id) => dataset.image(id));
  if (present.length > 0) session.emit('review.changed', { ids: present, reviewed });
}

/** The reviewed images that exist, in dataset order (the snapshot's `reviewed`). */
export function reviewedIds(dataset: Dataset): string[] {
  const marks = dataset.review();
  if (marks.all().size === 0) return [];
  return dataset.images().flatMap((record) => (marks.has(record.relPath) ? [record.relPath] : []));
}
