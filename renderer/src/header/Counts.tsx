import { useStore } from '../store/index.ts';
import { hiddenSelected } from '../batch/scope.ts';

const fmt = new Intl.NumberFormat();

/** "N shown · M selected · T total", and how many selected images the filter hides, if any. */
export function Counts() {
  const shown = useStore((s) => s.filtered.length);
  const selected = useStore((s) => s.selected.size);
  const total = useStore((s) => s.order.length);
  // An edit of the selection would touch these unseen, so the count says so.
  const hidden = useStore((s) => hiddenSelected(s).length);
  const hiddenText = hidden > 0 ? `, ${hidden} hidden` : '';
  return (
    <p className="app-counts" aria-label={`${shown} shown, ${selected} selected${hiddenText}, ${total} total`} data-testid="counts">
      <strong>{fmt.format(shown)}</strong> shown · <strong>{fmt.format(selected)}</strong> selected
      {hidden > 0 && (
        <>
          {' '}
          (<strong className="app-counts-hidden">{fmt.format(hidden)}</strong> hidden)
        </>
      )}{' '}
      · <strong>{fmt.format(total)}</strong> total
    </p>
  );
}
