import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  id: string;
  label: string;
  /** A short key hint shown at the right (part of the item's name, as it is visible). */
  hint?: string;
  /** Why the item cannot run now (shown as its tooltip); set: the item is disabled. */
  disabledReason?: string;
  /** Draws a separator above the item. */
  separated?: boolean;
  /** `keepFocus`: the item moves focus itself (it opens a dialog), so the menu gives none back. */
  keepFocus?: boolean;
  run(): void;
}

interface Props {
  /** The menu's accessible name (the tag). */
  label: string;
  items: readonly MenuItem[];
  /** Where the pointer opened it; null: under the anchor (opened from the keyboard). */
  at: { x: number; y: number } | null;
  anchor: HTMLElement;
  /** `refocus`: give focus back to the anchor (Escape, Tab, an item run). */
  onClose(refocus: boolean): void;
}

const MARGIN = 4;

/**
 * A context menu after the WAI-ARIA menu pattern: focus goes to the first item, arrows / Home / End
 * move, a letter jumps to the next item starting with it, Enter or Space runs one, Escape or Tab
 * closes and gives focus back to what opened it. It sits in a portal, so the tag list's scrolling
 * and clipping never cut it off, and it keeps every key it is given (they mean nothing elsewhere
 * while it is open).
 */
export function TagMenu({ label, items, at, anchor, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const itemRefs = useRef<(HTMLDivElement | null)[]>([]);
  const [active, setActive] = useState(() => Math.max(0, items.findIndex((i) => !i.disabledReason)));

  // Placed once it can be measured: inside the window, flipped up when there is no room below.
  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const rect = anchor.getBoundingClientRect();
    const { width, height } = menu.getBoundingClientRect();
    let left = at ? at.x : rect.left;
    let top = at ? at.y : rect.bottom + 2;
    if (top + height > window.innerHeight - MARGIN) top = Math.max(MARGIN, (at ? at.y : rect.top) - height - 2);
    if (left + width > window.innerWidth - MARGIN) left = Math.max(MARGIN, window.innerWidth - width - MARGIN);
    setPos({ left, top });
  }, [anchor, at]);

  useEffect(() => {
    if (pos) itemRefs.current[active]?.focus();
  }, [active, pos]);

  useEffect(() => {
    const outside = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose(false);
    };
    // Another window or app taking the focus closes it, as native menus do.
    const away = () => onClose(false);
    document.addEventListener('pointerdown', outside, true);
    window.addEventListener('blur', away);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('blur', away);
    };
  }, [onClose]);

  const run = (item: MenuItem) => {
    if (item.disabledReason) return;
    onClose(!item.keepFocus);
    item.run();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const n = items.length;
    const step = (from: number, delta: number) => (from + delta + n) % n;
    e.stopPropagation();
    switch (e.key) {
      case 'ArrowDown':
        setActive((a) => step(a, 1));
        break;
      case 'ArrowUp':
        setActive((a) => step(a, -1));
        break;
      case 'Home':
        setActive(0);
        break;
      case 'End':
        setActive(n - 1);
        break;
      case 'Enter':
      case ' ':
        run(items[active]!);
        break;
      case 'Escape':
      case 'Tab':
        onClose(true);
        break;
      default: {
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) break;
        const ch = e.key.toLowerCase();
        for (let k = 1; k <= n; k++) {
          const i = step(active, k);
          if (items[i]!.label.toLowerCase().startsWith(ch)) {
            setActive(i);
            break;
          }
        }
      }
    }
    // The menu keeps every key (Tab too: it closes the menu and returns to the tag instead).
    e.preventDefault();
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="tag-menu"
      style={pos ? { left: pos.left, top: pos.top } : { left: 0, top: 0, visibility: 'hidden' }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item, i) => (
        <div
          key={item.id}
          ref={(el) => {
            itemRefs.current[i] = el;
          }}
          role="menuitem"
          tabIndex={i === active ? 0 : -1}
          aria-disabled={item.disabledReason ? true : undefined}
          title={item.disabledReason}
          className={['tag-menu-item', item.separated && 'is-separated'].filter(Boolean).join(' ')}
          onClick={() => run(item)}
          onPointerMove={() => {
            if (i !== active) setActive(i);
          }}
        >
          <span className="tag-menu-label">{item.label}</span>
          {item.hint && <span className="tag-menu-hint">{item.hint}</span>}
        </div>
      ))}
    </div>,
    document.body,
  );
}
