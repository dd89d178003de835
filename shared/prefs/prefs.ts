import * as z from 'zod';

/*
 * Per-user preferences: how the editor is laid out, not what a dataset holds. They live in one
 * per-user config file outside any dataset ($XDG_CONFIG_HOME/tagsmith/config.json and the platform's
 * equivalents, electron/core/config/), never in browser storage: `tagsmith serve` picks a new port,
 * hence a new origin, every launch, and the desktop app and web mode should agree. Machine-level
 * settings join this file beside `editor`: the `llm` section (API keys bound to URLs, confirmed dataset
 * LLM URLs) is read only by electron/core/config/llm-config.ts and never sent to a client.
 *
 * Loose at every level, like the dataset settings: keys written by a later version survive a
 * read-modify-write by this one. Every field has a default, so `{}` (or a missing file) is valid.
 */

export const VIEW_MODES = ['grid', 'list'] as const;
export type ViewMode = (typeof VIEW_MODES)[number];

export const THUMB_MIN = 80;
export const THUMB_MAX = 360;
export const THUMB_DEFAULT = 160;
/** More than any screen shows at the smallest zoom. */
export const GRID_IN_VIEW_MAX = 500;
/** Until the grid has been laid out once: a little more than 1280x720 shows at the default zoom. */
export const GRID_IN_VIEW_DEFAULT = 16;

/** A pane layout: panel id -> share of its group in percent (react-resizable-panels' Layout). */
export const PaneLayoutSchema = z.record(z.string().max(64), z.number().min(0).max(100));
export type PaneLayout = z.infer<typeof PaneLayoutSchema>;
/** Names a pane group and the panels it shows, so each combination keeps its own layout. */
const LayoutKeySchema = z.string().max(200);

export const EditorPrefsSchema = z.looseObject({
  /** Saved layouts by group key. */
  layouts: z.record(LayoutKeySchema, PaneLayoutSchema).default(() => ({})),
  viewMode: z.enum(VIEW_MODES).default('grid'),
  thumbSize: z.number().int().min(THUMB_MIN).max(THUMB_MAX).default(THUMB_DEFAULT),
  /** Grid cards show the whole line 1, wrapped, instead of one truncated line. */
  fullCaptions: z.boolean().default(false),
  /** The detail panel's image preview is collapsed. */
  hidePreview: z.boolean().default(false),
  /** The tag sidebar's order: by count (most first) or by name. */
  tagSort: z.enum(['count', 'name']).default('count'),
  /**
   * Grid cards in view when the grid was last laid out (window size and zoom decide it): when a folder
   * opens, that many thumbnails are made before the page asks (a small screen's page loads faster
   * without a large screen's worth competing for the CPU).
   */
  gridInView: z.number().int().min(1).max(GRID_IN_VIEW_MAX).default(GRID_IN_VIEW_DEFAULT),
});
export type EditorPrefs = z.infer<typeof EditorPrefsSchema>;

export const UserPrefsSchema = z.looseObject({
  version: z.literal(1).default(1),
  editor: EditorPrefsSchema.default(() => EditorPrefsSchema.parse({})),
});
export type UserPrefs = z.infer<typeof UserPrefsSchema>;

/**
 * A patch of the editor preferences: only the keys it names change (`layouts` merges by group key, and
 * a layout set to null is forgotten). The fields are the preferences' own, without their defaults, as
 * SettingsPatchSchema does for the dataset settings.
 */
const e = EditorPrefsSchema.shape;
export const EditorPrefsPatchSchema = z
  .object({
    layouts: z.record(LayoutKeySchema, PaneLayoutSchema.nullable()),
    viewMode: e.viewMode.unwrap(),
    thumbSize: e.thumbSize.unwrap(),
    fullCaptions: e.fullCaptions.unwrap(),
    hidePreview: e.hidePreview.unwrap(),
    tagSort: e.tagSort.unwrap(),
    gridInView: e.gridInView.unwrap(),
  })
  .partial()
  .strict();
export type EditorPrefsPatch = z.infer<typeof EditorPrefsPatchSchema>;

export const defaultPrefs = (): UserPrefs => UserPrefsSchema.parse({});

/** `prefs` with `patch` applied; a layout set to null is forgotten. Pure, so both sides agree. */
export function applyPrefsPatch(prefs: UserPrefs, patch: EditorPrefsPatch): UserPrefs {
  const editor: EditorPrefs = { ...prefs.editor };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || key === 'layouts') continue;
    (editor as Record<string, unknown>)[key] = value;
  }
  if (patch.layouts) {
    const layouts = { ...editor.layouts };
    for (const [group, layout] of Object.entries(patch.layouts)) {
      if (layout === null) delete layouts[group];
      else layouts[group] = layout;
    }
    editor.layouts = layouts;
  }
  return { ...prefs, editor };
}
