import type { StoreApi } from 'zustand';
import type { Store } from '../store/types.ts';

/**
 * Switches the desktop app to another folder from the page: pending caption edits are saved first
 * (they belong to the folder being left), then the backend opens the folder, then the page reloads
 * and starts from the new folder's snapshot, as it does after File > Open Folder….
 * Answers with an error line to show, or null once the reload is under way.
 */
export async function openRecentFolder(store: StoreApi<Store>, folder: string, reload: () => void): Promise<string | null> {
  const state = store.getState();
  const transport = state.transport;
  if (!transport) return 'Not connected to the app.';
  await state.flushDrafts();
  const unsaved = Object.keys(store.getState().drafts).length;
  if (unsaved > 0) return `Save or discard the ${unsaved === 1 ? 'caption edit' : `${unsaved} caption edits`} still open before switching folders.`;
  const res = await transport.api['dataset.open']({ path: folder });
  if (!res.ok) return `Could not open ${folder}: ${res.error.message}`;
  reload();
  return null;
}
