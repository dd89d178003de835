import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { AutoCaptionSettings } from '../../../shared/autocaption/config.ts';
import { selectTags } from '../../../shared/autocaption/select-tags.ts';
import type { JobFailure } from '../../../shared/contract/jobs.ts';
import { forEachLimit } from '../fs/parallel.ts';
import type { TaggerDevice } from '../../../shared/autocaption/device.ts';
import type { TaggerModelInfo, TaggerService } from '../tagger/service.ts';
import { CATEGORY } from '../../../shared/autocaption/labels.ts';
import { describeImage } from './describe-image.ts';
import type { EndpointPool } from './endpoint-pool.ts';
import type { ImageResult } from './record.ts';
import { isRealInside } from '../fs/inside-root.ts';

export type Stage = JobFailure['stage'];

export interface PipelineEvents {
  /** An image entered or left a stage that is working on it (for the grid's "in work" badges). */
  active(id: string, on: boolean): void;
  tagged(id: string, tags: string[]): void;
  described(id: string, sentences: string, note: string | null): void;
  failed(id: string, stage: Stage, message: string): void;
}

export interface PipelineInput {
  root: string;
  /** Images to process; ones whose result already has every stage are passed over. */
  ids: readonly string[];
  results: Readonly<Record<string, ImageResult>>;
  settings: AutoCaptionSettings;
  prompt: { focus: string; context: string; sentences: number };
  /** The dataset's trigger words: the first is the name presets such as JoyCaption may use. */
  triggerWords: readonly string[];
  /** The loaded tagger model, or null when the job runs without a tagger. */
  tagger: { service: Pick<TaggerService, 'tag'>; model: TaggerModelInfo; device: TaggerDevice } | null;
  /** The vision LLM servers, or null for a tags-only job. */
  llm: EndpointPool | null;
  encodeImage: (absPath: string, maxSide: number) => Promise<Buffer>;
  signal: AbortSignal;
  events: PipelineEvents;
  /**
   * Called when an LLM error means every further request would fail the same way (wrong key, no such
   * model, server gone): the job stops instead of failing each image in turn.
   */
  stop(reason: string): void;
}

/** LLM error kinds that say nothing about the image and everything about the server. */
const SYSTEMIC = new Set(['auth', 'not-found', 'network', 'no-vision']);

/**
 * Runs tag -> describe over the images, overlapped: the tagger works through batches in its worker
 * while images already tagged are described, as many requests at a time as the servers take (each
 * its own concurrency). Resolves when every image has passed or failed, or the signal aborted
 * (unfinished images stay unfinished).
 */
export async function runPipeline(input: PipelineInput): Promise<void> {
  const { settings, signal, events } = input;
  const llmConfig = settings.llm;
  // Each slot encodes its next image while its requests are in flight: `ahead` bounds how many images
  // are being encoded or waiting with their JPEG in memory; the pool holds each server's concurrency.
  const ahead = pLimit(Math.max(1, (input.llm?.capacity ?? llmConfig.concurrency) * 2));
  const describing: Promise<void>[] = [];
  // An image that resolves outside the dataset (a symbolic link out of it) is never read: in web mode
  // it would send a file of the machine to an LLM server the request names. What goes to the LLM is
  // read through the real path checked here, so a link swapped meanwhile cannot redirect it. (The
  // tagger keeps one path per id: two links to one file are two images to it.)
  const real = await realPaths(input.root, input.ids);
  const abs = (id: string) => path.join(input.root, ...id.split('/'));

  const describe = (id: string, tags: readonly string[], characters: readonly string[] = []) => {
    const pool = input.llm;
    if (!pool) return;
    describing.push(ahead(async () => {
      if (signal.aborted) return;
      events.active(id, true);
      try {
        const outcome = await describeImage({
          llm: llmConfig,
          send: (req) => pool.describe(req),
          inputs: { ...input.prompt, triggerWords: input.triggerWords, tags, characters, ratingFirst: settings.tagger.rating },
          absPath: real.get(id) ?? abs(id),
          encodeImage: input.encodeImage,
          signal,
        });
        if (signal.aborted && !outcome.ok && outcome.kind === 'cancelled') return;
        if (outcome.ok) events.described(id, outcome.sentences, outcome.note);
        else {
          events.failed(id, 'describe', outcome.message);
          if (SYSTEMIC.has(outcome.kind)) input.stop(outcome.message);
        }
      } finally {
        events.active(id, false);
      }
    }));
  };

  const needsTags = (id: string) => input.tagger !== null && input.results[id]?.tags === undefined;
  const needsSentences = (id: string) => input.llm !== null && input.results[id]?.sentences === undefined;
  const outside = (id: string) => real.get(id) === null;
  for (const id of input.ids) {
    if (outside(id) && (needsTags(id) || needsSentences(id))) events.failed(id, input.tagger && needsTags(id) ? 'tag' : 'describe', OUTSIDE);
  }
  const todo = input.ids.filter((id) => !outside(id) && (needsTags(id) || needsSentences(id)));

  // Images tagged in an earlier run (or when no tagger is used) go straight to the describe stage.
  for (const id of todo) if (!needsTags(id)) describe(id, input.results[id]?.tags ?? []);

  const toTag = todo.filter(needsTags);
  if (input.tagger && toTag.length > 0) {
    const { service, model, device } = input.tagger;
    const byPath = new Map(toTag.map((id) => [abs(id), id]));
    for (const id of toTag) events.active(id, true);
    const outcome = await service.tag(model.dir, [...byPath.keys()], {
      // Unset in the dataset: chosen for the provider the model runs on (TaggerService).
      batchSize: settings.tagger.batchSize,
      device,
      signal,
      onResult: (r) => {
        const id = byPath.get(r.path);
        if (id === undefined) return;
        events.active(id, false);
        if ('error' in r) {
          events.failed(id, 'tag', r.error.message);
          return;
        }
        const { tags, scored } = selectTags(r.probs, model.labels, settings.tagger);
        events.tagged(id, tags);
        // Images tagged in an earlier run keep only their tag names, so only fresh ones have characters.
        const characters = scored.filter((t) => t.category === CATEGORY.character).map((t) => t.name);
        if (needsSentences(id)) describe(id, tags, characters);
      },
    });
    for (const id of toTag) events.active(id, false);
    if (!outcome.ok && outcome.error.kind !== 'cancelled') {
      // The tagger itself broke (worker crash, model error): the images it did not reach fail with the reason.
      for (const id of toTag) if (input.results[id]?.tags === undefined) events.failed(id, 'tag', outcome.error.message);
    }
  }
  // Every describe was queued by now: the tagger has reported each image before tag() resolved.
  await Promise.all(describing);
}

const OUTSIDE = 'a symbolic link to a file outside the dataset: not read';

/** Each id's real path; null when it resolves outside the real dataset root. Missing files keep no entry. */
async function realPaths(root: string, ids: readonly string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const realRoot = await fs.promises.realpath(root).catch(() => path.resolve(root));
  await forEachLimit(ids, 16, async (id) => {
    const real = await fs.promises.realpath(path.join(root, ...id.split('/'))).catch(() => undefined);
    if (real !== undefined) out.set(id, isRealInside(realRoot, real) ? real : null);
  });
  return out;
}
