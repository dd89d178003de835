import type { Handlers } from '../../../shared/contract/api.ts';
import type { Session } from '../session/session.ts';
import { batchHandlers } from './batch.ts';
import { captionHandlers } from './captions.ts';
import { datasetHandlers } from './dataset.ts';
import { historyHandlers } from './history.ts';
import { jobHandlers } from './jobs.ts';
import { trainerHandlers } from './trainers.ts';
import { lintHandlers } from './lint.ts';
import { orphanHandlers } from './orphans.ts';
import { prefsHandlers } from './prefs.ts';
import { reviewHandlers } from './review.ts';
import { vocabularyHandlers } from './vocabulary.ts';

export interface HandlerOptions {
  /** Whether `dataset.open` may switch folders: Electron yes; the web server is bound to the folder it serves. */
  allowOpen: boolean;
  /**
   * The per-user config file behind `prefs.*`: the shells pass this user's (config/config-path.ts
   * defaultConfigFile(), the same for the desktop app and `tagsmith serve`); tests a temp one.
   */
  configFile: string;
}

/** The one handler map both transports hand to dispatch(): every channel of the contract. */
export function createHandlers(session: Session, opts: HandlerOptions): Handlers {
  return {
    ...datasetHandlers(session, opts),
    ...captionHandlers(session),
    ...batchHandlers(session),
    ...historyHandlers(session),
    ...vocabularyHandlers(session),
    ...jobHandlers(session),
    ...trainerHandlers(session),
    ...lintHandlers(session),
    ...prefsHandlers(session, opts.configFile),
    ...reviewHandlers(session),
    ...orphanHandlers(session),
  };
}
