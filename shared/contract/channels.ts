import * as z from 'zod';
import type { $ZodDefault, $ZodType } from 'zod/v4/core';
import { DatasetSettingsSchema } from '../settings.ts';
import {
  BatchPreviewSchema,
  BatchRequestSchema,
  DatasetSnapshotSchema,
  EditResultSchema,
  HistoryInfoSchema,
  ImageItemSchema,
  VocabularySchema,
} from './models.ts';
import { jobChannels, jobEvents } from './jobs.ts';
import { lintChannels } from './lint.ts';
import { editorChannels, editorEvents } from './editor.ts';
import { orphanChannels } from './orphans.ts';
import { trainerCheckChannels } from './trainer-check.ts';
import { recentChannels } from './recent.ts';

/*
 * The one contract: every request channel with the zod schemas of its request and response, and every
 * event the backend pushes. Electron IPC (preload + main) and the web transport (HTTP + WebSocket) are
 * generic over this object, and the backend implements it once as a handler map (electron/core/handlers).
 * Requests are validated where they arrive (they are untrusted input); responses are validated in tests.
 */
const empty = z.object({}).strict();

/*
 * A settings patch carries only the fields it sets. `DatasetSettingsSchema.partial()` would not do:
 * each field keeps its default inside the optional, so `{triggerWords}` would arrive with every other
 * field reset to its default.
 */
const s = DatasetSettingsSchema.shape;
/** The schema inside a field's default (the settings schema is zod/mini, which has no `.unwrap()`). */
const noDefault = <T extends $ZodType>(field: $ZodDefault<T>): T => field._zod.def.innerType;
export const SettingsPatchSchema = z.object({
  captionExtension: z.optional(noDefault(s.captionExtension)),
  triggerWords: z.optional(noDefault(s.triggerWords)),
  separator: z.optional(noDefault(s.separator)),
  focus: z.optional(noDefault(s.focus)),
  context: z.optional(noDefault(s.context)),
  sentences: z.optional(noDefault(s.sentences)),
  autoCaption: z.optional(noDefault(s.autoCaption)),
  lint: z.optional(noDefault(s.lint)),
  quickTags: z.optional(noDefault(s.quickTags)),
}).strict();

/*
 * An undo or redo names the journal as the client showed it, so it never reverses a step another
 * program added (or re-applies one it replaced) that the user was never shown: when the journal moved,
 * the step is refused with kind 'stale-history', nothing is written, and the client reads the fresh
 * history (history.get) to show it. Both fields are optional: scripts step whatever is there.
 */
const HistoryStepSchema = z
  .object({
    /** The head the client showed (HistoryInfo.head). */
    expectedHead: z.number().int().nonnegative().optional(),
    /** `time` of the entry the step acts on as listed (head for undo, head + 1 for redo); null: none listed. */
    expectedTime: z.string().max(100).nullable().optional(),
  })
  .strict();

export const channels = {
  /** Everything the renderer needs to show the dataset that is open. */
  'dataset.snapshot': { request: empty, response: DatasetSnapshotSchema },
  /** Open another folder (Electron only: the web server is bound to the folder it serves). */
  'dataset.open': { request: z.object({ path: z.string().min(1) }).strict(), response: DatasetSnapshotSchema },
  'settings.update': { request: z.object({ patch: SettingsPatchSchema }).strict(), response: DatasetSettingsSchema },

  /**
   * Save one caption as one journal entry. `before` is the text the edit was based on (null: no
   * caption file); if the file no longer holds it the save is refused as a conflict, never silent.
   * "Keep mine" after a conflict is a save whose `before` is the other program's text.
   * `after: null` deletes the caption file (the user chose it for an edit that emptied the caption).
   */
  'caption.save': {
    request: z
      .object({
        id: z.string(),
        before: z.string().nullable(),
        after: z.string().nullable(),
        /** What the edit did, for the history ("add low angle"); the file name is added by the backend. */
        label: z.string().max(200).optional(),
      })
      .strict(),
    response: EditResultSchema,
  },
  /** Re-read one caption from disk ("reload theirs"). */
  'caption.reload': { request: z.object({ id: z.string() }).strict(), response: ImageItemSchema },

  /** Plan a batch edit: before/after of every caption it would change; writes nothing. */
  'batch.preview': { request: BatchRequestSchema.strict(), response: BatchPreviewSchema },
  /** Apply a batch edit as one journal entry (one undo). */
  'batch.apply': { request: BatchRequestSchema.extend({ label: z.string().max(500).optional() }).strict(), response: EditResultSchema },

  'history.get': { request: empty, response: HistoryInfoSchema },
  'history.undo': { request: HistoryStepSchema, response: EditResultSchema },
  'history.redo': { request: HistoryStepSchema, response: EditResultSchema },

  /** Tag vocabulary for autocomplete (a tagger's selected_tags.csv when one is present). */
  'vocabulary.get': { request: empty, response: VocabularySchema },

  /** Auto-caption (tagger + vision LLM) as one resumable job: shared/contract/jobs.ts. */
  ...jobChannels,
  /** Caption lint and trainer handoff: shared/contract/lint.ts. */
  ...lintChannels,
  /** Per-user preferences and review marks: shared/contract/editor.ts. */
  ...editorChannels,
  /** Caption files without an image: list, read, delete, attach: shared/contract/orphans.ts. */
  ...orphanChannels,
  ...trainerCheckChannels,
  /** The desktop app's recent folders: shared/contract/recent.ts. */
  ...recentChannels,
} as const;

export const events = {
  /** Images whose caption changed (by this app, another client, the CLI or another program), added or removed. */
  'images.changed': z.object({
    images: z.array(ImageItemSchema),
    removed: z.array(z.string()),
    /** 'external': another program changed files on disk; 'edit': a journaled Tagsmith edit. */
    source: z.enum(['external', 'edit']),
  }),
  'history.changed': HistoryInfoSchema,
  /** Dataset settings changed (settings.update, or a batch/undo that carried trigger words). */
  'settings.changed': DatasetSettingsSchema,
  /** A one-line notice for the user (e.g. the watcher hit a problem). */
  notice: z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  ...jobEvents,
  ...editorEvents,
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type Events = typeof events;
export type EventName = keyof Events;

export type RequestOf<C extends Channel> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Channels[C]['response']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const CHANNELS = Object.keys(channels) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];
export const isChannel = (name: string): name is Channel => Object.hasOwn(channels, name);
