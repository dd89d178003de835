import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import { GridEmpty } from './GridEmpty.tsx';

interface Props {
  scrollRef: RefObject<HTMLDivElement | null>;
  className: string;
  canvasClassName: string;
  /** Height of everything the virtualizer lays out. */
  height: number;
  /** The keyboard cursor's option id, when its item is rendered. */
  activeId: string | undefined;
  onKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  empty: boolean;
  children: ReactNode;
}

/**
 * The images as one multi-select listbox, whichever view lays them out: it keeps DOM focus and points
 * at the keyboard cursor with aria-activedescendant, so scrolling an item out of the DOM never drops
 * focus, and it is the "grid" key scope (Enter and T reach "Add tag", Escape comes back here).
 */
export function BrowseListbox({ scrollRef, className, canvasClassName, height, activeId, onKeyDown, empty, children }: Props) {
  return (
    <div className="grid-wrap">
      <div
        ref={scrollRef}
        className={className}
        role="listbox"
        aria-label="Images"
        aria-multiselectable="true"
        aria-activedescendant={activeId}
        data-keyscope="grid"
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" className={canvasClassName} style={{ height }}>
          {children}
        </div>
      </div>
      {empty && <GridEmpty />}
    </div>
  );
}
