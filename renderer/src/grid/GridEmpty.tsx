import { useStore } from '../store/index.ts';

/** What the grid says when there is nothing to show, and why. */
export function GridEmpty() {
  const loaded = useStore((s) => s.info !== null);
  const loadError = useStore((s) => s.loadError);
  const total = useStore((s) => s.order.length);
  const setQuery = useStore((s) => s.setQuery);
  let message: string;
  if (loadError) message = `Could not load the dataset: ${loadError}`;
  else if (!loaded) message = 'Loading dataset…';
  else if (total === 0) message = 'No images in this folder.';
  else message = 'No images match the filter.';
  return (
    <div className="grid-empty">
      <p>{message}</p>
      {loaded && total > 0 && (
        <button type="button" className="btn" onClick={() => setQuery('')}>
          Clear filter
        </button>
      )}
    </div>
  );
}
