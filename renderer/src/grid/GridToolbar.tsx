import { useActionButton } from '../actions/useActionButton.ts';
import { useStore } from '../store/index.ts';
import { THUMB_MAX, THUMB_MIN } from '../store/view.ts';

export function GridToolbar() {
  const thumbSize = useStore((s) => s.thumbSize);
  const setThumbSize = useStore((s) => s.setThumbSize);
  const hasSelection = useStore((s) => s.selected.size > 0);
  const clearSelection = useStore((s) => s.clearSelection);
  const selectAll = useActionButton(useStore, 'selectAll');
  return (
    <div className="grid-toolbar">
      <button type="button" className="btn btn-quiet" title={selectAll.title} disabled={selectAll.disabled} onClick={selectAll.onClick}>
        {selectAll.label}
      </button>
      <button type="button" className="btn btn-quiet" disabled={!hasSelection} onClick={clearSelection}>
        Clear selection
      </button>
      <span className="grid-toolbar-spacer" />
      <label className="grid-thumb-size">
        <span>Thumbnail size</span>
        <input
          type="range"
          min={THUMB_MIN}
          max={THUMB_MAX}
          step={10}
          value={thumbSize}
          onChange={(e) => setThumbSize(Number(e.target.value))}
        />
      </label>
    </div>
  );
}
