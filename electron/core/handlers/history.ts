import type { Handlers } from '../../../shared/contract/api.ts';
import type { Session } from '../session/session.ts';
import { historyInfo } from '../session/history-info.ts';
import { runMutation } from './mutation.ts';

type HistoryHandlers = Pick<Handlers, 'history.get' | 'history.undo' | 'history.redo'>;

export function historyHandlers(session: Session): HistoryHandlers {
  return {
    'history.get': async () => historyInfo(session.dataset()),
    // A refused undo/redo (a file changed since) arrives as kind 'conflict' naming the files.
    'history.undo': async () => runMutation(session, (dataset) => dataset.undo()),
    'history.redo': async () => runMutation(session, (dataset) => dataset.redo()),
  };
}
