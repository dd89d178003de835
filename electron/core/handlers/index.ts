import type { Handlers } from '../../../shared/contract/api.ts';
import type { Session } from '../session/session.ts';
import { batchHandlers } from './batch.ts';
import { captionHandlers } from './captions.ts';
import { datasetHandlers } from './dataset.ts';
import { historyHandlers } from './history.ts';
import { jobHandlers } from './jobs.ts';
import { trainerHandlers } from './trainers.ts';
import { trainerCheckHandlers } from './trainer-check.ts';
import { lintHandlers } from './lint.ts';
import { orphanHandlers } from './orphans.ts';
import { prefsHandlers } from './prefs.ts';
import { recentHandlers } from './recent.ts';
import { reviewHandlers } from './review.ts';
import { vocabularyHandlers } from './vocabulary.ts';

export interface HandlerOptions {
  /** Whether `dataset.open` may switch folders: Electron yes; the web server is bound to the folder it serves. */
  allowOpen: boolean;
  /**
   * The per-user config file behind `prefs.*`, the API keys bound to URLs and the confirmed dataset
   * LLM URLs: the shells pass this user's (config/config-path.ts defaultConfigFile(), the same for the
   * desktop app and `tagsmith serve`, and the default of the job services' keys); tests a temp one.
   */
  configFile: string;
  /**
   * Where `export.run` may write (export/confine.ts). The web server passes its export root (the
   * dataset's parent, or `tagsmith serve --export-root`): a token holder is not the machine's user.
   * null or left out for the desktop app, where whoever picks the folder is the user.
   */
  exportRoot?: string | null;
}

/** The channels that need no dataset: per-user state. The desktop app answers them before its folder is open. */
export type SessionFreeHandlers = Pick<Handlers, 'prefs.get' | 'prefs.update' | 'recent.list'>;

/** `warn`: how a problem with the config file reaches the page (a notice event). */
export function sessionFreeHandlers(opts: HandlerOptions, warn: (message: string) => void): SessionFreeHandlers {
  return { ...prefsHandlers(opts.configFile, warn), ...recentHandlers(opts) };
}

/** The one handler map both transports hand to dispatch(): every channel of the contract. */
export function createHandlers(session: Session, opts: HandlerOptions): Handlers {
  return {
    ...datasetHandlers(session, opts),
    ...captionHandlers(session),
    ...batchHandlers(session),
    ...historyHandlers(session),
    ...vocabularyHandlers(session),
    ...jobHandlers(session, opts.configFile),
    ...trainerHandlers(session, opts.exportRoot ?? null),
    ...trainerCheckHandlers(session),
    ...lintHandlers(session),
    ...reviewHandlers(session),
    ...orphanHandlers(session),
    ...sessionFreeHandlers(opts, (message) => session.emit('notice', { level: 'warning', message })),
  };
}
