import { reviewedCount } from '../store/dataset.ts';
import { useStore } from '../store/index.ts';

const fmt = new Intl.NumberFormat();
const UNREVIEWED = '-is:reviewed';

/**
 * "Reviewed n of N": how far a pass over the dataset got, so it can stop and resume. A click shows
 * only what is left (`-is:reviewed`), a second click shows everything again.
 */
export function ReviewProgress() {
  const total = useStore((s) => s.order.length);
  const done = useStore(reviewedCount);
  const onlyLeft = useStore((s) => s.query.trim() === UNREVIEWED);
  if (total === 0) return null;
  return (
    <button
      type="button"
      className="btn btn-quiet status-review"
      aria-pressed={onlyLeft}
      title={onlyLeft ? 'Show every image again' : `Show only the images not reviewed yet (${UNREVIEWED}); R marks an image reviewed`}
      onClick={() => useStore.getState().setQuery(onlyLeft ? '' : UNREVIEWED)}
    >
      <progress max={total} value={done} aria-hidden="true" />
      Reviewed {fmt.format(done)} of {fmt.format(total)}
    </button>
  );
}
