import path from 'node:path';
import { HandlerError, type Handlers } from '../../../shared/contract/api.ts';
import type { Dataset, ImageRecord } from '../dataset/dataset.ts';
import { findImage, toImageItem } from '../session/image-items.ts';
import type { Session } from '../session/session.ts';
import { saveLabel } from './edit-label.ts';
import { oneLine } from './errors.ts';
import { runMutation } from './mutation.ts';

type CaptionHandlers = Pick<Handlers, 'caption.save' | 'caption.reload'>;

export function captionHandlers(session: Session): CaptionHandlers {
  return {
    'caption.save': async ({ id, before, after, label }) => {
      const record = imageOrThrow(session.dataset(), id);
      if (record.captionError) throw new HandlerError(record.captionError.kind, oneLine(record.captionError.message));
      const captionPath = record.captionRelPath;
      const result = await runMutation(
        session,
        (dataset) => dataset.applyChanges(saveLabel(label, path.posix.basename(captionPath)), [{ captionRelPath: captionPath, before, after }]),
        [captionPath],
      );
      const conflict = result.conflicts[0];
      if (conflict) {
        // The file holds something else: pick it up now so the client can offer "reload theirs".
        reload(session, captionPath);
        throw new HandlerError('conflict', `${conflict.path}: ${conflict.reason}; nothing was written`);
      }
      return result;
    },

    'caption.reload': async ({ id }) => {
      const record = imageOrThrow(session.dataset(), id);
      reload(session, record.captionRelPath);
      return toImageItem(record);
    },
  };
}

function imageOrThrow(dataset: Dataset, id: string): ImageRecord {
  const record = findImage(dataset, id);
  if (!record) throw new HandlerError('not-found', `no such image: ${id}`);
  return record;
}

/** Re-reads a caption; if it differed, the other clients hear about it as an outside change. */
function reload(session: Session, captionPath: string): void {
  const change = session.dataset().reloadCaption(captionPath);
  if (change !== 'same') session.noteExternal({ path: captionPath, kind: change, target: 'caption' });
}
