import type { HistogramBin } from '../../../shared/trainers/image-stats.ts';
import type { TrainerGeometry } from '../../../shared/trainers/geometry-check.ts';
import { histogramBars } from './model.ts';

/** Sizes and shapes of the images the trainer loads: two small histograms and the size range. */
export default function PictureStats({ geometry }: { geometry: TrainerGeometry }) {
  const p = geometry.pictures;
  if (!p.width || !p.height || !p.megapixels) return null;
  const mp = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
  return (
    <section className="tc-pictures" aria-label="Image sizes">
      <h3>Image sizes</h3>
      <p className="tc-note">
        {p.width.min}–{p.width.max} × {p.height.min}–{p.height.max} px; {mp(p.megapixels.min)}–{mp(p.megapixels.max)} MP (median {mp(p.megapixels.median)})
      </p>
      <div className="tc-histograms">
        <Histogram title="Aspect ratio" bins={p.aspectHistogram} />
        <Histogram title="Megapixels" bins={p.megapixelHistogram} />
      </div>
    </section>
  );
}

function Histogram({ title, bins }: { title: string; bins: readonly HistogramBin[] }) {
  const bars = histogramBars(bins);
  return (
    <figure className="tc-histogram">
      <figcaption>{title}</figcaption>
      <ul aria-label={title}>
        {bars.map((b) => (
          <li key={b.label} className="tc-hbar" aria-label={`${b.label}: ${b.count}`}>
            <span className="tc-bar-label">{b.label}</span>
            <span className="tc-bar-track" aria-hidden="true">
              <span className="tc-bar-fill" style={{ width: `${b.count === 0 ? 0 : Math.max(b.percent, 3)}%` }} />
            </span>
            <span className="tc-bar-count">{b.count}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
