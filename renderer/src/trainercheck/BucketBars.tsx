import type { TrainerGeometry } from '../../../shared/trainers/geometry-check.ts';
import { useStore } from '../store/index.ts';
import { bucketBars } from './model.ts';

/**
 * The aspect-ratio buckets the trainer forms at the chosen resolution, as bars (a histogram reads at a
 * glance where a table does not). A bar is a button: it shows that bucket's images in the grid.
 */
export default function BucketBars({ geometry }: { geometry: TrainerGeometry }) {
  const setIdFilter = useStore((s) => s.setIdFilter);
  const active = useStore((s) => s.idFilter?.label ?? null);
  const images = useStore((s) => s.images);
  const bars = bucketBars(geometry.buckets, geometry.resolution, geometry.batchSize);
  if (bars.length === 0) return null;
  const total = bars.reduce((n, b) => n + b.count, 0);
  return (
    <section className="tc-buckets" aria-label="Aspect-ratio buckets">
      <h3>
        Buckets at {geometry.resolution} px <span className="tc-note">({bars.length} for {total} images)</span>
      </h3>
      <ul>
        {bars.map((bar) => {
          const label = `Bucket ${bar.label}`;
          const on = active === label;
          return (
            <li key={bar.key}>
              <button
                type="button"
                className={`tc-bar${bar.small ? ' is-small' : ''}`}
                aria-pressed={on}
                title={bar.small ? `Fewer images than the batch size (${geometry.batchSize}): its batches come out smaller` : 'Show these images in the grid'}
                onClick={() => setIdFilter(on ? null : { label, ids: bar.images.filter((id) => id in images) })}
              >
                <span className="tc-bar-label">{bar.label}</span>
                <span className="tc-bar-track" aria-hidden="true">
                  <span className="tc-bar-fill" style={{ width: `${Math.max(bar.percent, 2)}%` }} />
                </span>
                <span className="tc-bar-count">{bar.count}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
