import type { StoreApi } from 'zustand';
import { useStore as useZustand } from 'zustand';
import type { Store } from '../store/types.ts';
import { getAction, runAction } from './registry.ts';
import type { ActionId } from './types.ts';

/** Props for a button that runs an action: same enabled check and perform as its shortcut. */
export function useActionButton(store: StoreApi<Store>, id: ActionId) {
  const action = getAction(id);
  const enabled = useZustand(store, (s) => action.enabled(s));
  return {
    label: action.label,
    title: `${action.label} (${action.shortcut})`,
    disabled: !enabled,
    onClick: () => runAction(id, store),
  };
}
