import path from 'node:path';
import { HandlerError, type Handlers } from '../../../shared/contract/api.ts';
import type { DatasetSnapshot } from '../../../shared/contract/models.ts';
import type { RecoveryReport } from '../dataset/dataset.ts';
import { describeRecovery } from '../journal/recover.ts';
import { CaptionSnapshot, toImageItem } from '../session/image-items.ts';
import type { Session } from '../session/session.ts';
import { historyInfo } from '../session/history-info.ts';
import { reviewedIds } from './review.ts';

type DatasetHandlers = Pick<Handlers, 'dataset.snapshot' | 'dataset.open' | 'settings.update'>;

export function datasetHandlers(session: Session, opts: { allowOpen: boolean }): DatasetHandlers {
  return {
    'dataset.snapshot': async () => {
      // A page opened or reloaded after a CLI edit shows it even if the watcher missed the journal.
      await session.dataset().refreshJournal();
      return snapshot(session);
    },

    'dataset.open': async ({ path: folder }) => {
      if (!opts.allowOpen) throw new HandlerError('forbidden', 'this server is bound to the folder it serves; opening another folder is not allowed');
      await session.reopen(folder);
      return snapshot(session);
    },

    'settings.update': async ({ patch }) => {
      const dataset = session.dataset();
      const before = new CaptionSnapshot(dataset);
      const settings = await dataset.updateSettings(patch);
      // A new caption extension rescans: every image may now read another caption file.
      const { changed, removed } = before.diff(dataset);
      if (changed.length > 0 || removed.length > 0) {
        session.emit('images.changed', { images: changed.map(toImageItem), removed, source: 'edit' });
      }
      session.emit('settings.changed', settings);
      return settings;
    },
  };
}

/** The open dataset as the page loads it; synchronous, so eventSeq counts exactly the events before it. */
export function snapshot(session: Session): DatasetSnapshot {
  const dataset = session.dataset();
  return {
    info: {
      root: dataset.root,
      name: path.basename(dataset.root),
      settings: dataset.settings(),
      orphanCaptions: [...dataset.orphanCaptions()],
      warnings: [...dataset.warnings()],
      recovery: recoveryLine(dataset.recovery()),
    },
    images: dataset.images().map(toImageItem),
    history: historyInfo(dataset),
    reviewed: reviewedIds(dataset),
    eventSeq: session.eventsSent(),
  };
}

const recoveryLine = (r: RecoveryReport | null): string | null => (r ? describeRecovery(r) : null);
