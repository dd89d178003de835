import { useId, useState } from 'react';
import type { LintFix } from '../../../shared/lint/index.ts';
import type { LintFinding } from '../../../shared/lint/types.ts';
import { useStore } from '../store/index.ts';
import { addTagFix } from './fixes.ts';

const NO_TAGS: readonly string[] = [];

interface Props {
  finding: LintFinding;
  busy: boolean;
  onApply(fix: LintFix): void;
}

/**
 * "Add tag…" for a missing group tag: which tag is a person's call (low angle or eye level?), so the
 * user picks one of the group's tags and whether it goes to this finding's images or the selection.
 */
export default function AddGroupTag({ finding, busy, onApply }: Props) {
  const [open, setOpen] = useState(false);
  const formId = useId();
  return (
    <>
      <button type="button" className="btn" aria-expanded={open} aria-controls={open ? formId : undefined} onClick={() => setOpen((o) => !o)}>
        Add tag…
      </button>
      {open && <AddGroupTagForm id={formId} finding={finding} busy={busy} onApply={onApply} onDone={() => setOpen(false)} />}
    </>
  );
}

function AddGroupTagForm({ id, finding, busy, onApply, onDone }: Props & { id: string; onDone(): void }) {
  const selectedCount = useStore((s) => s.selected.size);
  // The finding names its group's tags (shared/lint/rules/groups.ts).
  const tags = finding.tags ?? NO_TAGS;
  const [tag, setTag] = useState(() => tags[0] ?? '');
  const [target, setTarget] = useState<'finding' | 'selected'>('finding');
  const tagId = useId();
  const radio = useId();
  const findingCount = finding.images.length;

  const apply = () => {
    const chosen = target === 'finding' ? finding.images : [...useStore.getState().selected];
    if (!tag || chosen.length === 0) return;
    onApply(addTagFix(tag, chosen));
    onDone();
  };

  return (
    <div id={id} role="group" aria-label="Add a group tag" className="lint-addtag">
      <label htmlFor={tagId}>Tag</label>
      <select id={tagId} value={tag} onChange={(e) => setTag(e.target.value)}>
        {tags.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <label className="lint-radio">
        <input type="radio" name={radio} checked={target === 'finding'} onChange={() => setTarget('finding')} />
        {`Images of this finding (${findingCount})`}
      </label>
      <label className="lint-radio">
        <input type="radio" name={radio} checked={target === 'selected'} disabled={selectedCount === 0} onChange={() => setTarget('selected')} />
        {`Selected images (${selectedCount})`}
      </label>
      <div className="lint-addtag-actions">
        <button type="button" className="btn btn-primary" disabled={busy || !tag || (target === 'selected' && selectedCount === 0)} onClick={apply}>
          Add
        </button>
        <button type="button" className="btn btn-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}
