import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useStore } from '../store/index.ts';
import './tagreview.css';

/** Shift+F10 and the ContextMenu key: the keyboard's right-click. */
export const isMenuKey = (e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean =>
  !e.ctrlKey && !e.metaKey && !e.altKey && ((e.shiftKey && e.key === 'F10') || (!e.shiftKey && e.key === 'ContextMenu'));

interface MenuState {
  x: number;
  y: number;
  anchor: HTMLElement;
}

export interface TagMenuHandle {
  onContextMenu(e: MouseEvent<HTMLElement>): void;
  /** True when the key opened the menu (the caller handles nothing else for it). */
  onKeyDown(e: KeyboardEvent<HTMLElement>): boolean;
  /** The open menu, to render anywhere (it is portalled to the body). */
  menu: ReactNode;
}

/**
 * A tag's context menu (right-click, Shift+F10, the ContextMenu key) with "Review tag…", which opens
 * the tag review grid. Escape or Tab closes it and gives focus back to the tag.
 */
export function useTagMenu(tag: string): TagMenuHandle {
  const [state, setState] = useState<MenuState | null>(null);
  const openAt = (anchor: HTMLElement, x?: number, y?: number) => {
    const r = anchor.getBoundingClientRect();
    setState({ anchor, x: x ?? r.left, y: y ?? r.bottom + 2 });
  };
  const close = (refocus: boolean) => {
    if (refocus) state?.anchor.focus();
    setState(null);
  };
  return {
    onContextMenu(e) {
      e.preventDefault();
      // A keyboard-made contextmenu event has no pointer position: place it under the tag.
      const fromPointer = e.clientX !== 0 || e.clientY !== 0;
      openAt(e.currentTarget, fromPointer ? e.clientX : undefined, fromPointer ? e.clientY : undefined);
    },
    onKeyDown(e) {
      if (!isMenuKey(e)) return false;
      e.preventDefault();
      openAt(e.currentTarget);
      return true;
    },
    menu: state
      ? createPortal(
          <TagMenu
            tag={tag}
            x={state.x}
            y={state.y}
            onClose={close}
            onReview={() => {
              // Focus back on the tag first: the review returns it there when it closes.
              close(true);
              useStore.getState().openTagReview([tag]);
            }}
          />,
          document.body,
        )
      : null,
  };
}

const MENU_WIDTH = 180;
const MENU_HEIGHT = 44;

function TagMenu({ tag, x, y, onClose, onReview }: { tag: string; x: number; y: number; onClose(refocus: boolean): void; onReview(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) closeRef.current(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, []);
  const left = Math.max(4, Math.min(x, window.innerWidth - MENU_WIDTH - 4));
  const top = Math.max(4, Math.min(y, window.innerHeight - MENU_HEIGHT - 4));
  return (
    <div
      ref={ref}
      role="menu"
      aria-label={`Tag ${tag}`}
      className="tr-menu"
      style={{ left, top, minWidth: MENU_WIDTH }}
      onKeyDown={(e) => {
        // The menu is portalled, but React still bubbles its keys to the chip's ancestors: keep them here.
        e.stopPropagation();
        if (e.key === 'Escape' || e.key === 'Tab') {
          e.preventDefault();
          onClose(true);
        } else if (['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) {
          // One item: the arrows stay on it instead of scrolling the page.
          e.preventDefault();
        }
      }}
      onBlur={(e) => {
        if (!ref.current?.contains(e.relatedTarget as Node | null)) onClose(false);
      }}
    >
      <button type="button" role="menuitem" className="tr-menu-item" onClick={onReview}>
        Review tag…
      </button>
    </div>
  );
}
