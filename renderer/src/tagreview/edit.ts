import type { StoreApi } from 'zustand';
import { parseCaption, serializeCaption } from '../../../shared/caption/index.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import { applyOps } from '../../../shared/tags/index.ts';
import { applySelectionEdit } from '../batch/applyBatch.ts';
import { shownText } from '../store/shown.ts';
import type { Store } from '../store/types.ts';
import { tagKeysOf, type ReviewEdit } from './model.ts';

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Applies a review edit as ONE undo step, the way the quick tags do (quicktags/toggle.ts): one image
 * through the caption edit path (saved at once, its own journal step), several as one batch over
 * exactly those images. Both create the caption of an uncaptioned image: picked one by one, these
 * are per-image actions. Images whose caption cannot be read are left out and said so.
 */
export async function applyReviewEdit(store: StoreApi<Store>, ids: readonly string[], edit: ReviewEdit): Promise<void> {
  const s = store.getState();
  const settings = s.info?.settings;
  if (!settings || ids.length === 0) return;
  const usable = ids.filter((id) => s.images[id] && !s.images[id].captionError);
  if (usable.length === 0) {
    s.setMessage(`${capitalize(edit.label)}: ${ids.length === 1 ? `${fileName(ids[0]!)}'s caption cannot be read` : 'no caption here can be read'}`);
    return;
  }
  if (usable.length === 1) {
    const id = usable[0]!;
    const doc = parseCaption(shownText(s, id) ?? '');
    const next = applyOps(doc, edit.ops, { triggerWords: settings.triggerWords, separator: settings.separator, frequencies: s.tagCounts });
    if (next === doc) {
      s.setMessage(`${capitalize(edit.label)}: ${fileName(id)} already is that way`);
      return;
    }
    s.editCaption(id, serializeCaption(next), { now: true, label: edit.label });
    s.setMessage(`${capitalize(edit.label)}: ${fileName(id)}`);
    return;
  }
  await applySelectionEdit(usable, edit.ops, capitalize(edit.label));
}

/** The tag identities of each image's shown caption (its unsaved edit, else the file as last read). */
export function shownKeysOf(s: Pick<Store, 'docs' | 'drafts'>): (id: string) => ReadonlySet<string> {
  return (id) => {
    const draft = s.drafts[id];
    return tagKeysOf(draft ? parseCaption(draft.text) : (s.docs[id] ?? null));
  };
}
