import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { DEFAULT_TAG_GROUPS } from '../../../shared/lint/types.ts';
import { tagKey } from '../../../shared/tags/index.ts';
import { keyContext } from '../actions/context.ts';
import { bindingForKey, performAction } from '../actions/registry.ts';
import type { ActionId } from '../actions/types.ts';
import Dialog from '../shared-ui/Dialog.tsx';
import { useStore } from '../store/index.ts';
import type { FocusTarget, SelectMode } from '../store/types.ts';
import { applyReviewEdit, shownKeysOf } from './edit.ts';
import { GroupPicker } from './GroupPicker.tsx';
import { cursorAfterEdit, cursorOnly, flatOrder, groupEdit, matchedTags, reviewModeOf, reviewSections, reviewTitle, selectIn, selectionAt, targetsOf, toggleEdit, type ReviewEdit, type ReviewMode, type ReviewSelection } from './model.ts';
import { ReviewGrid, type ReviewAct } from './ReviewGrid.tsx';
import './tagreview.css';

/**
 * The tag review grid (issue 11): every image in view, split by whether it has the reviewed tag (or
 * which tag of a group), toggled by click, Space or the group's number keys, each edit one undo step.
 * Opened through the store (`openTagReview`) by the sidebar's and the chips' "Review tag…".
 */
export default function TagReview() {
  const review = useStore((s) => s.tagReview);
  if (!review) return null;
  return <TagReviewDialog tags={review.tags} />;
}

/** Undo and redo reach the journal from inside the review (the registry keeps app keys out of dialogs). */
const HISTORY_KEYS: ReadonlySet<ActionId> = new Set(['undo', 'redo']);

interface Origin {
  element: HTMLElement | null;
  /** The key scope it was in: focus goes back to that widget when the element itself is gone (a re-rendered chip). */
  scope: FocusTarget | null;
  /** The image in the caption panel: an undo made in the review brings its image there, closing brings this one back. */
  focused: string | null;
}

function captureOrigin(): Origin {
  const element = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  return { element, scope: keyContext(element).scope, focused: useStore.getState().focused };
}

/** Back to where the review was opened from: the same image in the panel, focus on the same element or widget. */
function returnTo(origin: Origin): void {
  const s = useStore.getState();
  if (origin.focused !== null && s.focused !== origin.focused && s.images[origin.focused]) s.select(origin.focused, 'replace');
  // After the dialog is gone (its own cleanup closes it) and the panel shows the image again.
  setTimeout(() => {
    if (origin.element?.isConnected) origin.element.focus();
    else useStore.getState().requestFocus(origin.scope ?? 'grid');
    // That widget may not be there (an uncaptioned image has no chips): the grid then.
    setTimeout(() => {
      if (document.activeElement === null || document.activeElement === document.body) useStore.getState().requestFocus('grid');
    }, 100);
  }, 0);
}

function TagReviewDialog({ tags }: { tags: string[] }) {
  // Read before the dialog takes focus: where focus goes back to on close.
  const [origin] = useState(captureOrigin);
  // The images in view when the review opened: an edit that takes one out of the filter keeps it here.
  const [ids] = useState(() => useStore.getState().filtered);
  const [openedWith] = useState(tags);
  const [startMessage] = useState(() => useStore.getState().lastMessage);
  const groups = useStore((s) => s.info?.settings.lint.groups ?? DEFAULT_TAG_GROUPS);
  const images = useStore((s) => s.images);
  const docs = useStore((s) => s.docs);
  const drafts = useStore((s) => s.drafts);
  const message = useStore((s) => s.lastMessage);
  const mode = useMemo(() => reviewModeOf(tags, groups), [tags, groups]);
  const keysOf = useMemo(() => shownKeysOf({ docs, drafts }), [docs, drafts]);
  const shown = useMemo(() => ids.filter((id) => images[id] !== undefined), [ids, images]);
  const sections = useMemo(() => reviewSections(shown, keysOf, mode), [shown, keysOf, mode]);
  const flat = useMemo(() => flatOrder(sections), [sections]);

  const [sel, setSel] = useState<ReviewSelection>(() => {
    const focused = useStore.getState().focused;
    return cursorOnly(focused !== null && flat.includes(focused) ? focused : (flat[0] ?? null));
  });
  // An image gone from the dataset takes the cursor with it: the first image stands in.
  const cursor = sel.cursor !== null && images[sel.cursor] !== undefined ? sel.cursor : (flat[0] ?? null);
  const targets = targetsOf(flat, { ...sel, cursor });

  // On close; a remount in development (StrictMode) is no close.
  useEffect(
    () => () => {
      if (useStore.getState().tagReview === null) returnTo(origin);
    },
    [origin],
  );
  const close = () => useStore.getState().openTagReview(null);

  // The images take the keys from the start. This runs after the dialog's own effect (showModal
  // focuses its first button), being its parent's.
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listRef.current?.focus();
  }, []);

  // One edit at a time: a key held down must not stack batches on a state not yet seen.
  const busy = useRef(false);
  const run = async (on: readonly string[], edit: ReviewEdit | null, from: string | null) => {
    if (busy.current || !edit || on.length === 0) return;
    busy.current = true;
    try {
      const before = sections;
      await applyReviewEdit(useStore, on, edit);
      const s = useStore.getState();
      const after = reviewSections(
        ids.filter((id) => s.images[id] !== undefined),
        shownKeysOf(s),
        mode,
      );
      setSel(cursorOnly(cursorAfterEdit(before, after, from)));
    } finally {
      busy.current = false;
    }
  };

  const toggle = (on: readonly string[], from: string | null) => {
    if (mode.kind !== 'tag') return;
    const key = tagKey(mode.tag);
    void run(on, toggleEdit(mode.tag, on.every((id) => keysOf(id).has(key))), from);
  };

  const onAct = (act: ReviewAct) => {
    if (act.kind === 'set') {
      if (mode.kind === 'group') void run(targets, groupEdit(mode.tags, act.index), cursor);
    } else if (mode.kind === 'tag') toggle(targets, cursor);
    else if (cursor !== null) setSel((s) => selectIn(flat, s, cursor, 'toggle'));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.defaultPrevented || e.nativeEvent.isComposing) return;
    const ctx = { ...keyContext(e.target), inDialog: false };
    const found = bindingForKey(e, ctx);
    if (!found || !HISTORY_KEYS.has(found.action.id)) return;
    e.preventDefault();
    if (found.action.enabled(useStore.getState())) performAction(found.action, useStore, ctx, e);
  };

  return (
    <Dialog open title={reviewTitle(mode)} onClose={close} className="tr-dialog">
      <div className="tr-body" onKeyDown={onKeyDown}>
        <div className="tr-toolbar">
          <GroupPicker tags={tags} openedWith={openedWith} groups={groups} />
          <span className="tr-spacer" />
          <EditButtons mode={mode} count={targets.length} onEdit={(edit) => void run(targets, edit, cursor)} />
        </div>
        <p className="tr-help">
          {mode.kind === 'tag' ? (
            <>
              Click an image or press <kbd>Space</kbd> to add or remove <strong>{mode.tag}</strong>. Shift+click, Ctrl+click, Shift+arrows or <kbd>Ctrl+Space</kbd> select several:{' '}
              <kbd>Space</kbd> then changes them together. <kbd>Ctrl+Z</kbd> undoes.
            </>
          ) : (
            <>
              Keys <kbd>1</kbd>–<kbd>{Math.min(9, mode.tags.length)}</kbd> (or the buttons) set that tag on the selected images and remove the group&apos;s other tags.{' '}
              <kbd>Space</kbd>, Shift+click, Ctrl+click or Shift+arrows select several. <kbd>Ctrl+Z</kbd> undoes.
            </>
          )}
        </p>
        <ReviewGrid
          listRef={listRef}
          mode={mode}
          sections={sections}
          flat={flat}
          cursor={cursor}
          selected={sel.selected}
          matchesOf={(id) => (mode.kind === 'group' ? matchedTags(keysOf(id), mode.tags) : [])}
          onSelect={(id, how: SelectMode) => setSel((s) => selectIn(flat, s, id, how))}
          onSelectAll={() => setSel((s) => ({ cursor: s.cursor, selected: new Set(flat), anchor: s.anchor }))}
          onActivate={(id) => {
            setSel(selectionAt(id));
            toggle([id], id);
          }}
          onAct={onAct}
        />
        <p className="tr-status" role="status">
          {message !== startMessage ? message : ''}
        </p>
      </div>
    </Dialog>
  );
}

/**
 * The mouse's way to the same edits: add / remove, or one button per group tag. They act where the
 * keys do: on the selected images, else on the one with the focus ring.
 */
function EditButtons({ mode, count, onEdit }: { mode: ReviewMode; count: number; onEdit(edit: ReviewEdit | null): void }) {
  const images = `${count} ${count === 1 ? 'image' : 'images'}`;
  if (mode.kind === 'tag') {
    return (
      <div className="tr-actions">
        <button type="button" className="btn" disabled={count === 0} onClick={() => onEdit(toggleEdit(mode.tag, false))} title={`Add ${mode.tag} to the selected images (none selected: the one with the focus ring)`}>
          Add to {images}
        </button>
        <button type="button" className="btn" disabled={count === 0} onClick={() => onEdit(toggleEdit(mode.tag, true))} title={`Remove ${mode.tag} from the selected images (none selected: the one with the focus ring)`}>
          Remove from {images}
        </button>
      </div>
    );
  }
  return (
    <div className="tr-actions" role="group" aria-label={`Set on ${images}`}>
      {mode.tags.map((tag, i) => (
        <button key={tag} type="button" className="btn tr-set" disabled={count === 0} onClick={() => onEdit(groupEdit(mode.tags, i))} title={`Set ${tag} on the selected images (the group's other tags are removed)`}>
          {i < 9 && <kbd>{i + 1}</kbd>}
          {tag}
        </button>
      ))}
    </div>
  );
}
