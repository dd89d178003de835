import { useId } from 'react';
import type { TagGroup } from '../../../shared/lint/types.ts';
import { useStore } from '../store/index.ts';
import { groupIndexOf } from './model.ts';

interface Props {
  /** The tags under review now. */
  tags: readonly string[];
  /** The tags the review was opened with: offered to go back to after trying a group. */
  openedWith: readonly string[];
  /** The dataset's lint tag groups (camera angle, pose, framing...). */
  groups: readonly TagGroup[];
}

/**
 * "Review group": switches the review between the tag it was opened with and a lint tag group, so the
 * group review is reachable from here whatever menu opened the review.
 */
export function GroupPicker({ tags, openedWith, groups }: Props) {
  const id = useId();
  const openedGroup = groupIndexOf(openedWith, groups);
  const current = groupIndexOf(tags, groups);
  const value = current >= 0 ? `group:${current}` : 'opened';
  const onChange = (next: string) => {
    const group = next.startsWith('group:') ? groups[Number(next.slice(6))] : undefined;
    useStore.getState().openTagReview(group ? [...group.tags] : [...openedWith]);
  };
  return (
    <div className="tr-picker">
      <label htmlFor={id}>Review group</label>
      <select id={id} className="text-input" value={value} onChange={(e) => onChange(e.target.value)}>
        {openedGroup < 0 && <option value="opened">None: only {openedWith.join(', ')}</option>}
        {groups.map((g, i) => (
          <option key={`${g.name}:${i}`} value={`group:${i}`}>
            {g.name} ({g.tags.length} tags)
          </option>
        ))}
      </select>
    </div>
  );
}
