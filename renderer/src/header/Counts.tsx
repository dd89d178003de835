import { useStore } from '../store/index.ts';

const fmt = new Intl.NumberFormat();

/** "N shown · M selected · T total". */
export function Counts() {
  const shown = useStore((s) => s.filtered.length);
  const selected = useStore((s) => s.selected.size);
  const total = useStore((s) => s.order.length);
  return (
    <p className="app-counts" aria-label={`${shown} shown, ${selected} selected, ${total} total`} data-testid="counts">
      <strong>{fmt.format(shown)}</strong> shown · <strong>{fmt.format(selected)}</strong> selected · <strong>{fmt.format(total)}</strong> total
    </p>
  );
}
