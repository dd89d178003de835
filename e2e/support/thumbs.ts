import type { Locator } from '@playwright/test';

/**
 * For the thumbnails in a virtualized listbox: whether some rows are in view, whether some are
 * rendered ahead of the scroll, and whether every thumbnail's fetch priority says which (high in
 * view, low ahead). `row` selects a thumbnail's row element (its box decides whether it is in view).
 */
export function thumbnailPriorities(listbox: Locator, row: string): Promise<[boolean, boolean, boolean]> {
  return listbox.locator('img').evaluateAll((imgs, rowSelector) => {
    const box = imgs[0]!.closest('[role=listbox]')!.getBoundingClientRect();
    const inView = (img: (typeof imgs)[number]) => {
      const r = img.closest(rowSelector)!.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom;
    };
    return [imgs.some(inView), imgs.some((img) => !inView(img)), imgs.every((img) => img.getAttribute('fetchpriority') === (inView(img) ? 'high' : 'low'))] as [boolean, boolean, boolean];
  }, row);
}
