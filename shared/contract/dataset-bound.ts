import type { Channel } from './channels.ts';

/*
 * Calls that change the dataset the page shows. In web mode a page can outlive its server: `tagsmith
 * serve` restarted on another folder, on the same port, answers the old page too. So each such call
 * names the folder the page shows (its snapshot's `info.root`) in DATASET_HEADER, and the server
 * refuses it with kind DATASET_MISMATCH when it serves another: an edit made to one folder's
 * caption is never written into another folder's file of the same name. Reads carry nothing: the
 * snapshot is how the page learns which folder is served. A Record over every channel, so a new
 * channel cannot be added without deciding.
 */
export const CHANGES_DATASET: Record<Channel, boolean> = {
  'dataset.snapshot': false,
  // Desktop only (serve refuses it); it is how the page moves to another folder.
  'dataset.open': false,
  'settings.update': true,
  'caption.save': true,
  'caption.reload': false,
  'batch.preview': false,
  'batch.apply': true,
  'history.get': false,
  'history.undo': true,
  'history.redo': true,
  'vocabulary.get': false,
  // Per-user preferences, not the dataset's.
  'prefs.get': false,
  'prefs.update': false,
  'review.set': true,
  'job.start': true,
  'job.get': false,
  'job.cancel': true,
  'job.resume': true,
  'job.commit': true,
  'job.discard': true,
  'llm.check': false,
  'llm.url': false,
  'tagger.device': false,
  'models.list': false,
  'lint.run': false,
  'tokens.count': false,
  'trainer.configs': false,
  // Writes a copy elsewhere, but of this dataset: exporting the other folder's would mislead as much.
  'export.run': true,
  'orphans.list': false,
  'orphans.read': false,
  'orphans.delete': true,
  'orphans.attach': true,
  'recent.list': false,
  'trainer.check': false,
  'trainer.fix': true,
};

/** The request header naming the dataset root a call was made for (URI-encoded: roots are any Unicode). */
export const DATASET_HEADER = 'x-tagsmith-dataset';

/** The error kind of a call made for another folder than the one served. */
export const DATASET_MISMATCH = 'other-dataset';
