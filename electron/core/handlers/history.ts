import type { Handlers } from '../../../shared/contract/api.ts';
import type { ParsedRequestOf } from '../../../shared/contract/channels.ts';
import type { HistoryStepOptions } from '../dataset/dataset.ts';
import type { Session } from '../session/session.ts';
import { historyInfo } from '../session/history-info.ts';
import { runMutation } from './mutation.ts';

type HistoryHandlers = Pick<Handlers, 'history.get' | 'history.undo' | 'history.redo'>;

export function historyHandlers(session: Session): HistoryHandlers {
  return {
    // Re-read, not the cached state: the watcher may be off or not have seen another process's step yet.
    'history.get': async () => {
      const dataset = session.dataset();
      await dataset.refreshJournal();
      return historyInfo(dataset);
    },
    // A refused undo/redo arrives as kind 'conflict' naming the files (a file changed since), or as
    // 'stale-history' (the journal moved since the client showed it; the client then re-reads it).
    'history.undo': async (request) => runMutation(session, (dataset) => dataset.undo({ expected: expectation(request) })),
    'history.redo': async (request) => runMutation(session, (dataset) => dataset.redo({ expected: expectation(request) })),
  };
}

function expectation(request: ParsedRequestOf<'history.undo'>): HistoryStepOptions['expected'] {
  if (request.expectedHead === undefined) return undefined;
  return { head: request.expectedHead, ...(request.expectedTime !== undefined ? { entryTime: request.expectedTime } : {}) };
}
