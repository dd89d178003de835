import { useMemo } from 'react';
import { useStore } from '../store/index.ts';
import { quickTags } from './model.ts';
import { toggleQuickTag } from './toggle.ts';
import './quicktags.css';

interface Props {
  /** Tags per shown caption: one list for the panel's image, several for a multi-selection. */
  captions: readonly (readonly string[])[];
  disabled: boolean;
}

/**
 * Up to nine quick tags above the chips, each showing whether the caption has it; a click or its
 * digit key toggles it (one undo step). Pinned per dataset; until then the dataset's most used angle
 * and pose tags.
 */
export default function QuickTagRow({ captions, disabled }: Props) {
  const settings = useStore((s) => s.info?.settings ?? null);
  const tagCounts = useStore((s) => s.tagCounts);
  const list = useMemo(() => (settings ? quickTags(settings, tagCounts) : []), [settings, tagCounts]);
  if (!settings) return null;
  const pinned = settings.quickTags.length > 0;
  return (
    <div className="ts-quick" role="group" aria-label="Quick tags">
      {list.map((q, i) => {
        const have = captions.filter((tags) => tags.includes(q.tag)).length;
        const pressed = have === 0 ? false : have === captions.length ? true : 'mixed';
        return (
          <button
            key={q.tag}
            type="button"
            className="ts-quick-tag"
            aria-pressed={pressed}
            aria-keyshortcuts={String(i + 1)}
            disabled={disabled}
            title={`${pressed === true ? 'Remove' : 'Add'} ${q.tag} (key ${i + 1})${q.group?.exclusive ? `: one ${q.group.name} per caption` : ''}`}
            onClick={() => toggleQuickTag(useStore, i).catch((e: unknown) => useStore.getState().setMessage(`Quick tag failed: ${e instanceof Error ? e.message : String(e)}`))}
          >
            <kbd aria-hidden="true">{i + 1}</kbd> {q.tag}
          </button>
        );
      })}
      <button
        type="button"
        className="ts-quick-edit"
        title={pinned ? 'Change the pinned quick tags' : 'Suggested from this dataset’s angle and pose tags: pin your own'}
        onClick={() => useStore.getState().setPanel('quickTags', true)}
      >
        {pinned ? 'Edit…' : 'Pin…'}
      </button>
    </div>
  );
}
