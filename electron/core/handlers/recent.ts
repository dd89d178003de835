import type { Handlers } from '../../../shared/contract/api.ts';
import { loadRecentFolders } from '../config/recent-folders.ts';

type RecentHandlers = Pick<Handlers, 'recent.list'>;

/**
 * The recent folders only where a folder can be opened (the desktop app): a web server bound to one
 * folder has no list to show, and the paths of the machine's other datasets are none of a token
 * holder's business.
 */
export function recentHandlers(opts: { allowOpen: boolean; configFile: string }): RecentHandlers {
  return {
    'recent.list': async () => (opts.allowOpen ? { canOpen: true, folders: await loadRecentFolders(opts.configFile) } : { canOpen: false, folders: [] }),
  };
}
