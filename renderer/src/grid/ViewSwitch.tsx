import type { ViewMode } from '../../../shared/prefs/prefs.ts';
import { useStore } from '../store/index.ts';

const VIEWS: readonly { mode: ViewMode; label: string; name: string; icon: string }[] = [
  // Icons are paths on a 14 px box: four tiles; lines beside small squares.
  { mode: 'grid', label: 'Grid', name: 'Grid view', icon: 'M1 1h5v5H1zM8 1h5v5H8zM1 8h5v5H1zM8 8h5v5H8z' },
  { mode: 'list', label: 'List', name: 'List view', icon: 'M1 1.5h3v3H1zM6 2h7v2H6zM1 9.5h3v3H1zM6 10h7v2H6z' },
];

/** Grid or list: two toggle buttons, the shown view pressed; a per-user preference. */
export function ViewSwitch() {
  const viewMode = useStore((s) => s.prefs.viewMode);
  const setPrefs = useStore((s) => s.setPrefs);
  return (
    <span className="view-switch" role="group" aria-label="View">
      {VIEWS.map((v) => (
        <button key={v.mode} type="button" className="btn" aria-label={v.name} aria-pressed={viewMode === v.mode} title={v.name} onClick={() => setPrefs({ viewMode: v.mode })}>
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
            <path d={v.icon} fill="currentColor" />
          </svg>
          {v.label}
        </button>
      ))}
    </span>
  );
}
