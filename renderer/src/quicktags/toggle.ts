import type { StoreApi } from 'zustand';
import { parseCaption, serializeCaption } from '../../../shared/caption/index.ts';
import { applyOps } from '../../../shared/tags/index.ts';
import { targetIds } from '../actions/images.ts';
import { applySelectionEdit } from '../batch/applyBatch.ts';
import { hiddenSelected } from '../batch/scope.ts';
import { shownText } from '../store/shown.ts';
import type { Store } from '../store/types.ts';
import { quickTags, toggleOps, toggleOpsForMany } from './model.ts';

export { quickTagIndex } from './model.ts';

/**
 * Keys 1-9 (and the quick-tag buttons): toggles quick tag `index` on the image in the panel, as one
 * save and one undo step; on a multi-selection, as one batch over exactly the selected images.
 */
export async function toggleQuickTag(store: StoreApi<Store>, index: number): Promise<void> {
  const s = store.getState();
  const settings = s.info?.settings;
  if (!settings) return;
  const quick = quickTags(settings, s.tagCounts)[index];
  if (!quick) {
    s.setMessage(`There is no quick tag ${index + 1}`);
    return;
  }
  const ids = targetIds(s);
  const ctx = { triggerWords: settings.triggerWords, separator: settings.separator, frequencies: s.tagCounts };
  if (ids.length === 1) {
    const id = ids[0]!;
    if (s.images[id]?.captionError) return;
    const doc = parseCaption(shownText(s, id) ?? '');
    const toggle = toggleOps(doc.tags, quick);
    const next = applyOps(doc, toggle.ops, ctx);
    if (next === doc) return;
    s.editCaption(id, serializeCaption(next), { now: true, label: toggle.label });
    s.setMessage(capitalize(toggle.label));
    return;
  }
  if (ids.length === 0) return;
  const allHaveIt = ids.every((id) => parseCaption(shownText(s, id) ?? '').tags.includes(quick.tag));
  const toggle = toggleOpsForMany(allHaveIt, quick);
  // Selected images the filter hides are asked about first, where the selection is edited.
  if (hiddenSelected(s).length > 0) return s.askSelectionEdit({ ops: toggle.ops, label: capitalize(toggle.label) });
  await applySelectionEdit(ids, toggle.ops, capitalize(toggle.label));
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
