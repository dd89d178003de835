import path from 'node:path';
import { HandlerError, type Handlers } from '../../../shared/contract/api.ts';
import type { EditResult } from '../../../shared/contract/models.ts';
import type { Change, Dataset } from '../dataset/dataset.ts';
import type { Session } from '../session/session.ts';
import { oneLine } from './errors.ts';
import { runMutation } from './mutation.ts';

type OrphanHandlers = Pick<Handlers, 'orphans.list' | 'orphans.read' | 'orphans.delete' | 'orphans.attach'>;

/*
 * Caption files without an image. Deleting one, or moving its text to an image, is a journaled edit
 * (`after: null` deletes the file), so the journal holds the text and one undo writes it back.
 */
export function orphanHandlers(session: Session): OrphanHandlers {
  return {
    'orphans.list': async () => ({ paths: [...session.dataset().orphanCaptions()] }),

    'orphans.read': async ({ path: rel }) => {
      const file = orphanOrThrow(session.dataset(), rel);
      return file.error ? { path: rel, text: null, error: oneLine(file.error.message) } : { path: rel, text: file.caption?.text ?? null };
    },

    'orphans.delete': async ({ paths }) => {
      const dataset = session.dataset();
      const unique = [...new Set(paths)];
      // Read each again first: what the journal keeps (and undo restores) is what the file holds now.
      const changes: Change[] = unique.map((rel) => ({ captionRelPath: rel, before: currentText(session, dataset, rel), after: null }));
      const label = unique.length === 1 ? `Delete ${path.posix.basename(unique[0]!)} (caption without an image)` : `Delete ${unique.length} captions without an image`;
      return refuseIfNothing(await runMutation(session, (ds) => ds.applyChanges(label, changes), unique));
    },

    'orphans.attach': async ({ path: rel, imageId }) => {
      const dataset = session.dataset();
      const image = dataset.image(imageId);
      if (!image) throw new HandlerError('not-found', `no such image: ${imageId}`);
      if (image.captionError) throw new HandlerError(image.captionError.kind, oneLine(image.captionError.message));
      const text = currentText(session, dataset, rel);
      // The image's own caption file is read again too: another program may have just written one.
      const target = image.captionRelPath;
      reload(session, dataset, target);
      if (image.caption !== null || image.captionError) throw new HandlerError('conflict', `${imageId} already has a caption (${target}); nothing was written`);
      const label = `Attach ${path.posix.basename(rel)} to ${path.posix.basename(imageId)}`;
      const changes: Change[] = [
        { captionRelPath: target, before: null, after: text },
        { captionRelPath: rel, before: text, after: null },
      ];
      return refuseIfNothing(await runMutation(session, (ds) => ds.applyChanges(label, changes), [target, rel]));
    },
  };
}

function orphanOrThrow(dataset: Dataset, rel: string) {
  const file = dataset.orphanCaptions().includes(rel) ? dataset.captionFile(rel) : undefined;
  if (!file) throw new HandlerError('not-found', `${rel} is not a caption file without an image`);
  return file;
}

/** The orphan's text as the file holds it now; refused when it is gone, has an image, or is not text. */
function currentText(session: Session, dataset: Dataset, rel: string): string {
  orphanOrThrow(dataset, rel);
  reload(session, dataset, rel);
  const file = orphanOrThrow(dataset, rel);
  if (file.error) throw new HandlerError(file.error.kind, `${oneLine(file.error.message)}; it is never rewritten or deleted`);
  if (file.caption === null) throw new HandlerError('not-found', `${rel} is gone`);
  return file.caption.text;
}

/** Re-reads a caption; a difference is told to the other clients as an outside change. */
function reload(session: Session, dataset: Dataset, rel: string): void {
  const change = dataset.reloadCaption(rel);
  if (change !== 'same') session.noteExternal({ path: rel, kind: change, target: 'caption' });
}

/** Nothing written because files changed on disk in between: an error, like caption.save's conflict. */
function refuseIfNothing(result: EditResult): EditResult {
  const first = result.conflicts[0];
  if (result.entry === null && first) {
    const more = result.conflicts.length > 1 ? ` (and ${result.conflicts.length - 1} more)` : '';
    throw new HandlerError('conflict', `${first.path}: ${first.reason}${more}; nothing was written`);
  }
  return result;
}
