import type { Locator } from '@playwright/test';

/**
 * For the thumbnails in a virtualized listbox: whether some rows are in view, whether some are
 * rendered ahead of the scroll, and whether every thumbnail's fetch priority says which (high in
 * view, low ahead). `row` selects a thumbnail's row element (its box decides whether it is in view).
 * Poll it (expect.poll): caught between two renders it answers "no" to all three.
 */
export function thumbnailPriorities(listbox: Locator, row: string): Promise<[boolean, boolean, boolean]> {
  return listbox.locator('img').evaluateAll((imgs, rowSelector) => {
    const box = imgs[0]?.closest('[role=listbox]')?.getBoundingClientRect();
    const rows = imgs.map((img) => img.closest(rowSelector)?.getBoundingClientRect());
    // Caught between two renders (no thumbnail yet, one without its row): not settled, ask again.
    if (!box || rows.some((r) => !r)) return [false, false, false] as [boolean, boolean, boolean];
    const inView = imgs.map((_, i) => rows[i]!.bottom > box.top && rows[i]!.top < box.bottom);
    return [inView.some(Boolean), inView.some((v) => !v), imgs.every((img, i) => img.getAttribute('fetchpriority') === (inView[i] ? 'high' : 'low'))] as [boolean, boolean, boolean];
  }, row);
}
