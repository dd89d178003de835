import { Separator } from 'react-resizable-panels';

/** A drag handle between two panes, also resizable with the arrow keys once focused (Tab reaches it). */
export function ResizeHandle({ label, orientation = 'vertical' }: { label: string; orientation?: 'vertical' | 'horizontal' }) {
  return <Separator className={`resize-handle resize-handle-${orientation}`} aria-label={label} title={`${label}: drag, or focus and use the arrow keys`} />;
}
