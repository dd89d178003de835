import type { CaptionDoc } from '../../../shared/caption/index.ts';
import type { TagGroup } from '../../../shared/lint/types.ts';
import { tagKey, type TagOp } from '../../../shared/tags/index.ts';
import type { NavMove } from '../grid/layout.ts';
import type { SelectMode } from '../store/types.ts';

/*
 * The tag review grid's pure side: which images have the reviewed tag (or which tag of a group),
 * the edits a toggle or a group key makes, and the keyboard model of a grid split into sections.
 * Tags compare by identity (tagKey): `Low_Angle` in a caption is the reviewed `low angle`.
 */

/** One tag, checked has / has not; or a group of tags, one of which each image should carry. */
export type ReviewMode = { kind: 'tag'; tag: string } | { kind: 'group'; name: string | null; tags: string[] };

/** The tags once each (by identity), in their order. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const key = tagKey(tag);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(tag.trim());
  }
  return out;
}

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => {
  const ka = uniqueTags(a).map(tagKey).sort();
  const kb = uniqueTags(b).map(tagKey).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
};

/** The lint group holding exactly these tags, if any (its name titles the review). */
export function groupIndexOf(tags: readonly string[], groups: readonly TagGroup[]): number {
  return groups.findIndex((g) => sameKeys(g.tags, tags));
}

export function reviewModeOf(tags: readonly string[], groups: readonly TagGroup[]): ReviewMode {
  const unique = uniqueTags(tags);
  if (unique.length === 1) return { kind: 'tag', tag: unique[0]! };
  const group = groups[groupIndexOf(unique, groups)];
  return { kind: 'group', name: group?.name ?? null, tags: unique };
}

export function reviewTitle(mode: ReviewMode): string {
  if (mode.kind === 'tag') return `Review tag: ${mode.tag}`;
  return mode.name !== null ? `Review group: ${mode.name}` : `Review tags: ${mode.tags.join(', ')}`;
}

const keyCache = new WeakMap<CaptionDoc, ReadonlySet<string>>();
const NO_KEYS: ReadonlySet<string> = new Set();

/** The identities of a caption's tags, once per parsed caption (the store keeps one object per file state). */
export function tagKeysOf(doc: CaptionDoc | null): ReadonlySet<string> {
  if (!doc) return NO_KEYS;
  let keys = keyCache.get(doc);
  if (!keys) keyCache.set(doc, (keys = new Set(doc.tags.map(tagKey))));
  return keys;
}

/** Which of `tags` (their indexes) a caption with these tag identities has. */
export function matchedTags(keys: ReadonlySet<string>, tags: readonly string[]): number[] {
  const out: number[] = [];
  tags.forEach((tag, i) => {
    if (keys.has(tagKey(tag))) out.push(i);
  });
  return out;
}

export interface ReviewSection {
  /** Stable across edits: 'has', 'not', 'tag:<n>', 'several', 'none'. */
  key: string;
  title: string;
  ids: string[];
}

/**
 * The images split apart. One tag: "Has" and "Doesn't have", both always shown. A group: one section
 * per tag (always shown, so every key has its place), "Several of them" (only when some image has two:
 * a contradiction in an exclusive group), then "None of them". Images keep the order they came in.
 */
export function reviewSections(ids: readonly string[], keysOfId: (id: string) => ReadonlySet<string>, mode: ReviewMode): ReviewSection[] {
  if (mode.kind === 'tag') {
    const key = tagKey(mode.tag);
    const has: string[] = [];
    const not: string[] = [];
    for (const id of ids) (keysOfId(id).has(key) ? has : not).push(id);
    return [
      { key: 'has', title: `Has ${mode.tag}`, ids: has },
      { key: 'not', title: `Doesn't have ${mode.tag}`, ids: not },
    ];
  }
  const byTag = mode.tags.map(() => [] as string[]);
  const several: string[] = [];
  const none: string[] = [];
  for (const id of ids) {
    const found = matchedTags(keysOfId(id), mode.tags);
    if (found.length === 0) none.push(id);
    else if (found.length === 1) byTag[found[0]!]!.push(id);
    else several.push(id);
  }
  const sections: ReviewSection[] = mode.tags.map((tag, i) => ({ key: `tag:${tagKey(tag)}`, title: `${i + 1} · ${tag}`, ids: byTag[i]! }));
  if (several.length > 0) sections.push({ key: 'several', title: 'Several of them', ids: several });
  sections.push({ key: 'none', title: 'None of them', ids: none });
  return sections;
}

/** An edit of the review: the ops (one journal entry) and what it did, for the journal and the status bar. */
export interface ReviewEdit {
  ops: TagOp[];
  label: string;
}

/** The toggle over the target images: off when every one has the tag, else on (added at the end where missing). */
export function toggleEdit(tag: string, allHaveIt: boolean): ReviewEdit {
  if (allHaveIt) return { ops: [{ op: 'remove', tags: [tag] }], label: `remove ${tag}` };
  return { ops: [{ op: 'add', tags: [tag], at: 'end' }], label: `add ${tag}` };
}

/**
 * Group key `index`: that tag and no other tag of the group (an exclusive choice). Each other tag of
 * the group is replaced by the chosen one, so a caption holding "high angle" gets "low angle" in its
 * place; a second rival is then dropped (replacing into a present tag removes the old one), and a
 * caption holding none gets it at the end. The same ops serve one image and a batch.
 */
export function groupEdit(tags: readonly string[], index: number): ReviewEdit | null {
  const chosen = tags[index];
  if (chosen === undefined) return null;
  const key = tagKey(chosen);
  const rivals = uniqueTags(tags).filter((t) => tagKey(t) !== key);
  const ops: TagOp[] = rivals.map((from) => ({ op: 'replace', from, to: chosen }));
  ops.push({ op: 'add', tags: [chosen], at: 'end' });
  return { ops, label: `set ${chosen}` };
}

/** Every image id in the order shown: section by section. */
export const flatOrder = (sections: readonly ReviewSection[]): string[] => sections.flatMap((s) => s.ids);

export interface Place {
  section: number;
  index: number;
}

export function placeOf(sections: readonly ReviewSection[], id: string | null): Place | null {
  if (id === null) return null;
  for (let s = 0; s < sections.length; s++) {
    const index = sections[s]!.ids.indexOf(id);
    if (index >= 0) return { section: s, index };
  }
  return null;
}

/** What the virtualized list draws: a heading per section, then its images in rows of `columns`. */
export type ReviewRow = { kind: 'header'; section: number } | { kind: 'items'; section: number; start: number };

export function reviewRows(sections: readonly ReviewSection[], columns: number): ReviewRow[] {
  const rows: ReviewRow[] = [];
  sections.forEach((s, section) => {
    rows.push({ kind: 'header', section });
    for (let start = 0; start < s.ids.length; start += columns) rows.push({ kind: 'items', section, start });
  });
  return rows;
}

/** The list row holding `place` (headers counted). */
export function rowIndexOf(sections: readonly ReviewSection[], columns: number, place: Place): number {
  let row = 0;
  for (let s = 0; s < place.section; s++) row += 1 + Math.ceil(sections[s]!.ids.length / columns);
  return row + 1 + Math.floor(place.index / columns);
}

/**
 * Where the keyboard cursor goes, as in the grid (grid/layout.ts navigate): left and right walk the
 * shown order across sections; up and down keep the column and step over a section's heading into
 * the neighbouring section; moves clamp at the ends. No cursor yet: the first (End: the last) image.
 */
export function moveCursor(sections: readonly ReviewSection[], columns: number, cursor: string | null, move: NavMove, pageRows = 1): string | null {
  const flat = flatOrder(sections);
  if (flat.length === 0) return null;
  const at = cursor === null ? -1 : flat.indexOf(cursor);
  if (at < 0 || move === 'home' || move === 'end') return move === 'end' ? flat[flat.length - 1]! : flat[0]!;
  if (move === 'left') return flat[Math.max(0, at - 1)]!;
  if (move === 'right') return flat[Math.min(flat.length - 1, at + 1)]!;
  const dir = move === 'up' || move === 'pageUp' ? -1 : 1;
  const steps = move === 'pageUp' || move === 'pageDown' ? Math.max(1, pageRows) : 1;
  let place = placeOf(sections, cursor)!;
  for (let k = 0; k < steps; k++) {
    const next = verticalStep(sections, columns, place, dir);
    if (!next) break;
    place = next;
  }
  return sections[place.section]!.ids[place.index]!;
}

function verticalStep(sections: readonly ReviewSection[], columns: number, { section, index }: Place, dir: 1 | -1): Place | null {
  const ids = sections[section]!.ids;
  const col = index % columns;
  const row = Math.floor(index / columns);
  const lastRow = Math.floor((ids.length - 1) / columns);
  if (dir < 0 && row > 0) return { section, index: index - columns };
  if (dir > 0 && row < lastRow) return { section, index: Math.min(ids.length - 1, index + columns) };
  // Into the nearest section that has images: its last row going up, its first going down.
  for (let s = section + dir; s >= 0 && s < sections.length; s += dir) {
    const other = sections[s]!.ids;
    if (other.length === 0) continue;
    if (dir > 0) return { section: s, index: Math.min(col, other.length - 1) };
    const start = Math.floor((other.length - 1) / columns) * columns;
    return { section: s, index: Math.min(start + col, other.length - 1) };
  }
  return null;
}

/**
 * Where the cursor goes after an edit moved its image to another section: it keeps its place in the
 * section it was in (the next image there, else the one before), so walking "Doesn't have" and
 * pressing Space on each image that should have the tag is one key per image. An image that stayed,
 * or a section emptied, keeps the cursor on the image.
 */
export function cursorAfterEdit(before: readonly ReviewSection[], after: readonly ReviewSection[], cursor: string | null): string | null {
  const place = placeOf(before, cursor);
  if (!place || cursor === null) return cursor;
  const old = before[place.section]!;
  const now = after.find((s) => s.key === old.key);
  if (!now || now.ids.includes(cursor)) return cursor;
  const stayed = new Set(now.ids);
  for (let i = place.index + 1; i < old.ids.length; i++) if (stayed.has(old.ids[i]!)) return old.ids[i]!;
  for (let i = place.index - 1; i >= 0; i--) if (stayed.has(old.ids[i]!)) return old.ids[i]!;
  return cursor;
}

/** The review's own selection: the keyboard cursor, the selected images and the range anchor. */
export interface ReviewSelection {
  cursor: string | null;
  selected: ReadonlySet<string>;
  anchor: string | null;
}

export const selectionAt = (id: string | null): ReviewSelection => ({ cursor: id, selected: new Set(id === null ? [] : [id]), anchor: id });

/** The cursor on `id` and nothing selected: at the start, and after an edit (the edited images moved away). */
export const cursorOnly = (id: string | null): ReviewSelection => ({ cursor: id, selected: new Set(), anchor: id });

/** A click or key on `id`, as the grid's selection does it (store/selection.ts): replace, Ctrl toggles, Shift draws a range from the anchor. */
export function selectIn(flat: readonly string[], sel: ReviewSelection, id: string, mode: SelectMode): ReviewSelection {
  if (mode === 'toggle') {
    const next = new Set(sel.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return { cursor: id, selected: next, anchor: id };
  }
  if (mode === 'range') {
    const from = sel.anchor ?? sel.cursor ?? id;
    const a = flat.indexOf(from);
    const b = flat.indexOf(id);
    if (a >= 0 && b >= 0) return { cursor: id, selected: new Set(flat.slice(Math.min(a, b), Math.max(a, b) + 1)), anchor: from };
  }
  return selectionAt(id);
}

/** The images an edit acts on: the selection (in shown order), else the cursor's image. */
export function targetsOf(flat: readonly string[], sel: ReviewSelection): string[] {
  if (sel.selected.size > 0) return flat.filter((id) => sel.selected.has(id));
  return sel.cursor !== null && flat.includes(sel.cursor) ? [sel.cursor] : [];
}

/** Keys 1-9 name group tags 0-8. */
export function groupKeyIndex(key: string): number | null {
  return key.length === 1 && key >= '1' && key <= '9' ? key.charCodeAt(0) - 49 : null;
}
