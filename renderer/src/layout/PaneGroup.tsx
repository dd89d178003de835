import { Group, type Layout, type LayoutChangedMeta } from 'react-resizable-panels';
import type { ReactNode } from 'react';
import { useStore } from '../store/index.ts';

interface Props {
  /** Names the group and the panels it shows now: each combination keeps its own saved layout. */
  layoutKey: string;
  orientation: 'horizontal' | 'vertical';
  className?: string;
  children: ReactNode;
}

/**
 * A react-resizable-panels group whose layout is a per-user preference: it starts from the saved
 * layout for this combination of panels and saves what the person drags or keys (not what the
 * library recomputes on its own), as the layout they asked for before the window's size clamped it.
 */
export function PaneGroup({ layoutKey, orientation, className, children }: Props) {
  const saved = useStore((s) => s.prefs.layouts[layoutKey]);
  const setPrefs = useStore((s) => s.setPrefs);
  const onLayoutChanged = (layout: Layout, meta: LayoutChangedMeta) => {
    if (meta.isUserInteraction) setPrefs({ layouts: { [layoutKey]: meta.requestedLayout ?? layout } });
  };
  return (
    // Keyed: the default layout applies at mount, so a new set of panels mounts a new group.
    <Group key={layoutKey} id={layoutKey} orientation={orientation} className={className} defaultLayout={saved} onLayoutChanged={onLayoutChanged}>
      {children}
    </Group>
  );
}
