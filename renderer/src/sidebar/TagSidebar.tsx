import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { OrphanSection } from './OrphanSection.tsx';
import { RenameTagDialog } from './RenameTagDialog.tsx';
import { TagButton, type MenuRequest } from './TagButton.tsx';
import { TagMenu, type MenuItem } from './TagMenu.tsx';
import { addToSelected, deleteSteps, removeFromSelected, renameSteps, unifySteps } from './tag-actions.ts';
import { countKeys, sidebarLists, spellingGroups, type TagRow, type TagSort } from './tag-list.ts';
import { tagState, toggleTagTerm } from './tag-query.ts';
import './sidebar.css';

const ROW_HEIGHT = 28;
const NO_TRIGGERS: readonly string[] = [];
const NO_DATA: Pick<Store, 'tagCounts' | 'docs' | 'order' | 'filtered'> = { tagCounts: new Map(), docs: {}, order: [], filtered: [] };

const SORTS: { value: TagSort; label: string }[] = [
  { value: 'count', label: 'Count' },
  { value: 'name', label: 'Name' },
];

const pick = (tag: string, exclude: boolean) => {
  const { query, setQuery } = useStore.getState();
  setQuery(toggleTagTerm(query, tag, exclude));
};

const unify = (row: TagRow) => useStore.getState().openBatch(unifySteps(row.tag, row.spellings));

/** Gives focus back to the tag a menu or dialog came from (if the list still shows it). */
const refocus = (el: HTMLElement | null) => {
  if (el?.isConnected) el.focus();
};

/**
 * The same once a modal dialog has closed (behind it the tag is inert), unless what the dialog
 * started took the focus on purpose (the batch panel).
 */
const refocusAfterDialog = (el: HTMLElement) =>
  requestAnimationFrame(() => {
    const now = document.activeElement;
    if (!now || now === document.body || !now.isConnected) refocus(el);
  });

/**
 * The tag sidebar: every tag of the dataset (spellings of one tag counted as one), with how many of
 * the images in view and in the whole dataset hold it. Clicks filter; each tag's menu renames,
 * deletes, unifies (through the batch panel: one preview, one scope rule, one undo), adds it to or
 * removes it from the selected images, or opens its review. Orphan captions are listed at the end.
 */
export function TagSidebar() {
  const live = useStore(useShallow((s) => ({ tagCounts: s.tagCounts, docs: s.docs, order: s.order, filtered: s.filtered })));
  // The lists walk every caption (a tenth of a second at 10,000 images): a render of its own, after
  // the grid's (the first screen and the thumbnails it asks for go first; a filter typed stays quick),
  // and after a snapshot only once its captions are parsed in the background (store/dataset.ts).
  // Meanwhile the lists of the last settled state stay (a reload after a reconnect does not blank them).
  const settled = useStore((s) => s.docsSettled);
  const lastSettled = useRef(NO_DATA);
  if (settled) lastSettled.current = live;
  const { tagCounts, docs, order, filtered } = useDeferredValue(lastSettled.current, NO_DATA);
  // The dataset is still loading, or its images are there but the lists show none yet (their
  // captions are being parsed, or the deferred render is behind): say so, not "0" and "No tags yet".
  const loading = useStore((s) => s.info === null && s.loadError === null);
  const counting = order.length === 0 && (loading || live.order.length > 0);
  const triggerWords = useStore((s) => s.info?.settings.triggerWords ?? NO_TRIGGERS);
  const query = useStore((s) => s.query);
  const sort = useStore((s) => s.prefs.tagSort);
  const selectedCount = useStore((s) => s.selected.size);
  const [search, setSearch] = useState('');
  const [menu, setMenu] = useState<MenuRequest | null>(null);
  const [renaming, setRenaming] = useState<{ row: TagRow; anchor: HTMLElement } | null>(null);

  const groups = useMemo(() => spellingGroups(tagCounts), [tagCounts]);
  const total = useMemo(() => countKeys(order, docs), [order, docs]);
  const inView = useMemo(() => (filtered === order ? total : countKeys(filtered, docs)), [filtered, order, docs, total]);
  const narrowed = filtered.length !== order.length;
  const { triggers, tags } = useMemo(
    () => sidebarLists({ groups, total, inView, triggerWords, search, sort }),
    [groups, total, inView, triggerWords, search, sort],
  );
  const shown = filtered.length;
  const share = (row: TagRow) => (shown > 0 ? row.inView / shown : 0);

  const closeMenu = useCallback(
    (back: boolean) => {
      if (back) refocus(menu?.anchor ?? null);
      setMenu(null);
    },
    [menu],
  );

  const menuItems = (m: MenuRequest): MenuItem[] => {
    const { row, trigger } = m;
    const noSelection = selectedCount === 0 ? 'Select images first' : undefined;
    const n = selectedCount.toLocaleString();
    const items: MenuItem[] = [
      { id: 'rename', label: 'Rename tag…', keepFocus: true, run: () => setRenaming({ row, anchor: m.anchor }) },
      { id: 'delete', label: 'Delete tag…', run: () => useStore.getState().openBatch(deleteSteps(row.tag)) },
    ];
    if (row.spellings.length > 1) items.push({ id: 'unify', label: 'Unify spellings…', hint: `${row.spellings.length} spellings`, run: () => unify(row) });
    items.push(
      { id: 'add', label: 'Add to selected', hint: noSelection ? undefined : n, disabledReason: noSelection, separated: true, run: () => void addToSelected(row.tag, trigger) },
      { id: 'remove', label: 'Remove from selected', hint: noSelection ? undefined : n, disabledReason: noSelection, run: () => void removeFromSelected(row.tag) },
      { id: 'review', label: 'Review tag…', run: () => useStore.getState().openTagReview([row.tag]) },
      { id: 'filter', label: 'Filter', hint: 'Click', separated: true, run: () => pick(row.tag, false) },
      { id: 'exclude', label: 'Exclude', hint: 'Shift+click', run: () => pick(row.tag, true) },
    );
    return items;
  };

  const setSort = (value: TagSort) => {
    if (value !== sort) useStore.getState().setPrefs({ tagSort: value });
  };

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: tags.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  return (
    <div className="sidebar">
      <div className="sidebar-head">
        <div className="sidebar-titlebar">
          <h2 className="sidebar-title">
            Tags <span className="sidebar-count">{counting ? '…' : groups.size.toLocaleString()}</span>
          </h2>
          <div className="sidebar-sort" role="group" aria-label="Sort tags by">
            {SORTS.map((s) => (
              <button key={s.value} type="button" className="sidebar-sort-btn" aria-pressed={sort === s.value} onClick={() => setSort(s.value)}>
                {s.label}
              </button>
            ))}
          </div>
        </div>
        <input className="text-input" type="search" aria-label="Search tags" placeholder="Search tags" value={search} onChange={(e) => setSearch(e.target.value)} />
        <p className="sidebar-hint">
          {narrowed ? 'Counts: in view / all · ' : ''}Click: filter · Shift+click: exclude · Right-click: more
        </p>
      </div>
      {triggers.length > 0 && (
        <section className="sidebar-triggers" aria-label="Trigger words">
          <h3 className="sidebar-subtitle">Trigger words</h3>
          {triggers.map((r) => (
            <TagButton key={r.key} row={r} narrowed={narrowed} share={share(r)} state={tagState(query, r.tag)} trigger onPick={pick} onMenu={setMenu} onUnify={unify} />
          ))}
        </section>
      )}
      <div ref={scrollRef} className="sidebar-list" role="group" aria-label={sort === 'count' ? 'Tags by count' : 'Tags by name'}>
        {tags.length === 0 && (
          <p className="sidebar-empty" role={counting ? 'status' : undefined}>
            {counting ? 'Counting tags…' : search ? 'No tag matches.' : 'No tags yet.'}
          </p>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = tags[item.index]!;
            return (
              <div key={r.key} className="sidebar-row" style={{ transform: `translateY(${item.start}px)` }}>
                <TagButton row={r} narrowed={narrowed} share={share(r)} state={tagState(query, r.tag)} onPick={pick} onMenu={setMenu} onUnify={unify} />
              </div>
            );
          })}
        </div>
      </div>
      <OrphanSection />
      {menu && <TagMenu label={menu.row.tag} items={menuItems(menu)} at={menu.at} anchor={menu.anchor} onClose={closeMenu} />}
      {renaming && (
        <RenameTagDialog
          tag={renaming.row.tag}
          spellings={renaming.row.spellings.map((s) => s.tag)}
          onCancel={() => {
            setRenaming(null);
            refocusAfterDialog(renaming.anchor);
          }}
          onRename={(to) => {
            setRenaming(null);
            useStore.getState().openBatch(renameSteps(renaming.row.tag, to));
            refocusAfterDialog(renaming.anchor);
          }}
        />
      )}
    </div>
  );
}
