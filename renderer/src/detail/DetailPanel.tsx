import { useStore } from '../store/index.ts';
import './detail.css';
import MultiEditor from './MultiEditor.tsx';
import SingleEditor from './SingleEditor.tsx';

/** Right-hand panel: the focused image, or the shared tags of a multi-selection. */
export default function DetailPanel() {
  const many = useStore((s) => s.selected.size > 1);
  const focused = useStore((s) => (s.focused !== null && s.images[s.focused] ? s.focused : null));
  if (many) return <MultiEditor />;
  if (focused === null) {
    return (
      <section className="ts-detail ts-detail-empty" aria-label="Caption">
        <p className="ts-muted">Select an image to edit its caption.</p>
      </section>
    );
  }
  // Not keyed by id: the editor keeps its fields (and the keyboard) across images; the parts that
  // belong to one image are keyed inside it.
  return <SingleEditor id={focused} />;
}
