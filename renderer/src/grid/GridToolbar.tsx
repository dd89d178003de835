import { useActionButton } from '../actions/useActionButton.ts';
import { useStore } from '../store/index.ts';
import { THUMB_MAX, THUMB_MIN } from '../../../shared/prefs/prefs.ts';
import { ViewSwitch } from './ViewSwitch.tsx';

export function GridToolbar() {
  const thumbSize = useStore((s) => s.prefs.thumbSize);
  const viewMode = useStore((s) => s.prefs.viewMode);
  const fullCaptions = useStore((s) => s.prefs.fullCaptions);
  const setPrefs = useStore((s) => s.setPrefs);
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
      {/* The list always shows whole captions; the option belongs to the grid only. */}
      {viewMode === 'grid' && (
        <label className="grid-check-toggle" title="Show each image's whole caption, wrapped, instead of one line">
          <input type="checkbox" checked={fullCaptions} onChange={(e) => setPrefs({ fullCaptions: e.target.checked })} />
          Full captions
        </label>
      )}
      <label className="grid-thumb-size" title="Thumbnail size">
        <span>Thumbnail size</span>
        <input
          type="range"
          min={THUMB_MIN}
          max={THUMB_MAX}
          step={10}
          value={thumbSize}
          onChange={(e) => setPrefs({ thumbSize: Number(e.target.value) })}
        />
      </label>
      <ViewSwitch />
    </div>
  );
}
