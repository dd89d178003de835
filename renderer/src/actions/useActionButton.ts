import type { StoreApi } from 'zustand';
import { useStore as useZustand } from 'zustand';
import type { Store } from '../store/types.ts';
import { getAction, runAction, shortcutOf } from './registry.ts';
import type { ActionId } from './types.ts';

/** Props for a button that runs an action: same enabled check and perform as its shortcut. */
export function useActionButton(store: StoreApi<Store>, id: ActionId) {
  const action = getAction(id);
  const enabled = useZustand(store, (s) => action.enabled(s));
  return {
    label: action.label,
    title: `${action.label} (${shortcutOf(id)})`,
    /** For aria-keyshortcuts: the key as the DOM names it. */
    shortcut: shortcutOf(id),
    disabled: !enabled,
    onClick: () => runAction(id, store),
  };
}
