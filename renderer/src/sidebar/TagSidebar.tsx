import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useStore } from '../store/index.ts';
import { TagButton } from './TagButton.tsx';
import { rankTags, sidebarLists } from './tag-list.ts';
import { tagState, toggleTagTerm } from './tag-query.ts';
import './sidebar.css';

const ROW_HEIGHT = 28;
const NO_TRIGGERS: readonly string[] = [];

export function TagSidebar() {
  const tagCounts = useStore((s) => s.tagCounts);
  const total = useStore((s) => s.order.length);
  const triggerWords = useStore((s) => s.info?.settings.triggerWords ?? NO_TRIGGERS);
  const query = useStore((s) => s.query);
  const [search, setSearch] = useState('');
  const ranked = useMemo(() => rankTags(tagCounts), [tagCounts]);
  const { triggers, tags } = useMemo(() => sidebarLists(ranked, tagCounts, triggerWords, search), [ranked, tagCounts, triggerWords, search]);

  const onPick = useCallback((tag: string, exclude: boolean) => {
    const { query: current, setQuery } = useStore.getState();
    setQuery(toggleTagTerm(current, tag, exclude));
  }, []);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: tags.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const share = (count: number) => (total > 0 ? count / total : 0);

  return (
    <div className="sidebar">
      <div className="sidebar-head">
        <h2 className="sidebar-title">
          Tags <span className="sidebar-count">{tagCounts.size}</span>
        </h2>
        <input className="text-input" type="search" aria-label="Search tags" placeholder="Search tags" value={search} onChange={(e) => setSearch(e.target.value)} />
        <p className="sidebar-hint">Click to filter · Shift+click to exclude</p>
      </div>
      {triggers.length > 0 && (
        <section className="sidebar-triggers" aria-label="Trigger words">
          <h3 className="sidebar-subtitle">Trigger words</h3>
          {triggers.map((r) => (
            <TagButton key={r.tag} tag={r.tag} count={r.count} share={share(r.count)} state={tagState(query, r.tag)} trigger onPick={onPick} />
          ))}
        </section>
      )}
      <div ref={scrollRef} className="sidebar-list" role="group" aria-label="Tags by frequency">
        {tags.length === 0 && <p className="sidebar-empty">{search ? 'No tag matches.' : 'No tags yet.'}</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = tags[item.index]!;
            return (
              <div key={r.tag} className="sidebar-row" style={{ transform: `translateY(${item.start}px)` }}>
                <TagButton tag={r.tag} count={r.count} share={share(r.count)} state={tagState(query, r.tag)} onPick={onPick} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
