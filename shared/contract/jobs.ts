import * as z from 'zod';
import { AutoCaptionSettingsSchema, LlmConfigSchema } from '../autocaption/config.ts';
import { TAGGER_DEVICES } from '../autocaption/device.ts';
import { BatchTargetSchema, JournalSummarySchema } from './models.ts';

/*
 * The auto-caption job as the renderer sees it. One job per dataset at a time; its snapshot is pushed
 * as `job.changed` while it runs (a few times a second at most) and can be fetched with `job.get`.
 */

export const JOB_STATES = [
  'preparing', // resolving / downloading the tagger model, checking the LLM
  'running',
  'cancelling',
  /** Stopped by the user or by a restart: results so far are kept; resume, save them, or discard. */
  'paused',
  /** Every image was processed and the results written as one journal entry (failures listed). */
  'finished',
  /** The job could not run at all (no model, bad settings): `message` says why. Nothing was written. */
  'failed',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JobFailureSchema = z.object({
  id: z.string(),
  stage: z.enum(['tag', 'describe', 'merge']),
  message: z.string(),
});
export type JobFailure = z.infer<typeof JobFailureSchema>;

/** One caption a review job would write: the file as it was read and the text that replaces it. */
export const JobProposalSchema = z.object({
  id: z.string(),
  captionPath: z.string(),
  /** null: the image has no caption file yet. */
  before: z.string().nullable(),
  after: z.string(),
});
export type JobProposal = z.infer<typeof JobProposalSchema>;

/** How one LLM server of a job is doing: the job panel's and the CLI's per-server throughput. */
export const EndpointStatsSchema = z.object({
  /** Which program at which URL ("vLLM at http://gpu2:8000/v1"). */
  name: z.string(),
  baseUrl: z.string(),
  model: z.string(),
  concurrency: z.number(),
  /** Requests in flight now. */
  active: z.number(),
  /** Requests it answered (an image cut by the output limit may take two). */
  answered: z.number(),
  /** Requests it failed as a server (network, 5xx, timeout) after its retries; the images moved on. */
  failed: z.number(),
  /** Answers per minute since the job (re)started. */
  perMinute: z.number(),
  /** Why it was taken out of this job; null while it works. */
  retired: z.string().nullable(),
});
export type EndpointStats = z.infer<typeof EndpointStatsSchema>;

export const JobSnapshotSchema = z.object({
  id: z.string(),
  /**
   * Grows with every snapshot the backend takes (across restarts too): events and request answers
   * travel separately and can arrive out of order, so the client keeps the highest it has seen.
   */
  rev: z.number(),
  state: z.enum(JOB_STATES),
  /** One line: what is happening now, or why the job failed. */
  message: z.string(),
  mode: AutoCaptionSettingsSchema.shape.mode._zod.def.innerType,
  total: z.number(),
  /** Images whose stages all finished (their result waits for the final write). */
  done: z.number(),
  failed: z.number(),
  /** Images left alone because they already had a caption (mode skip). */
  skipped: z.number(),
  tagged: z.number(),
  described: z.number(),
  /** Images in work right now (tagging or describing), for the grid's badges. */
  active: z.array(z.string()),
  failures: z.array(JobFailureSchema),
  /** Results kept with a remark (e.g. the model wrote fewer sentences than asked). */
  notes: z.array(z.object({ id: z.string(), message: z.string() })),
  startedAt: z.string(),
  /** Estimated milliseconds left, from the pace so far; null until it can be estimated. */
  etaMs: z.number().nullable(),
  /** Set while a model downloads. */
  download: z.object({ file: z.string(), bytes: z.number(), total: z.number().nullable() }).nullable(),
  /** Set once results are written: the one journal entry that undo reverses. */
  entry: JournalSummarySchema.nullable(),
  written: z.number(),
  /** Results that changed no caption (e.g. append mode with nothing new). */
  unchanged: z.number(),
  /** Started with `review` (a single-image re-caption): the results wait for Accept or Discard. */
  review: z.boolean(),
  /**
   * A review job that has finished its images: the captions Accept (`job.commit`) would write, exactly
   * as shown (a caption changed meanwhile is refused as a conflict, never overwritten). Null otherwise.
   */
  proposal: z.array(JobProposalSchema).nullable(),
  /**
   * Where the tagger runs, once its model is loaded: the execution provider, and one line when that
   * is not the device this machine asked for (why the CPU took over). Absent before, or without a tagger.
   */
  tagger: z.object({ provider: z.enum(TAGGER_DEVICES).exclude(['auto']), note: z.string().nullable() }).optional(),
  /** The LLM servers of this run, main one first, once they were asked whether they take images. Absent otherwise. */
  endpoints: z.array(EndpointStatsSchema).optional(),
});
export type JobSnapshot = z.infer<typeof JobSnapshotSchema>;

export const JobStartSchema = z.object({
  target: BatchTargetSchema,
  /** Full settings for this job; also saved as the dataset's defaults when `remember` is set. */
  settings: AutoCaptionSettingsSchema,
  remember: z.boolean().default(true),
  /** Hold the results for Accept / Discard (job.commit / job.discard) instead of writing them when the images are done. */
  review: z.boolean().default(false),
  /**
   * The user typed the LLM URL in the dialog or confirmed the dataset's: remembered for this dataset on
   * this machine. Without it a URL that came with the dataset is refused until confirmed (llm.url).
   */
  confirmUrl: z.boolean().default(false),
  /** Where the tagger runs on this machine; saved as this machine's default (the per-user config file, not the dataset). */
  device: z.enum(TAGGER_DEVICES).optional(),
}).strict();

export const LlmCheckSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  /** What the server lists (OpenAI-compatible /v1/models, Ollama /api/tags), in its order. */
  models: z.array(z.string()),
  /** The model the check judged: the one configured, else the first the server lists ('' when it lists none). */
  model: z.string(),
});
export type LlmCheck = z.infer<typeof LlmCheckSchema>;

/** Whether requests may go to an LLM URL for the open dataset without a confirmation first. */
export const LlmUrlStateSchema = z.object({ confirmed: z.boolean() });
export type LlmUrlState = z.infer<typeof LlmUrlStateSchema>;

export const TaggerModelListSchema = z.array(z.object({
  id: z.string(),
  repo: z.string(),
  version: z.string(),
  /** Folder holding the model on this machine, or null (downloaded on first use). */
  dir: z.string().nullable(),
  /** About what the download costs, from a table kept in code; null when unknown. */
  downloadBytes: z.number().nullable(),
  /** What the cached files take on disk; null when not cached. */
  diskBytes: z.number().nullable(),
}));
export type TaggerModelList = z.infer<typeof TaggerModelListSchema>;

export const jobChannels = {
  /** Start auto-captioning (refused while another job is running or paused: resume or discard it first). */
  'job.start': { request: JobStartSchema, response: JobSnapshotSchema },
  /** The current or last job, or null. */
  'job.get': { request: z.object({}).strict(), response: JobSnapshotSchema.nullable() },
  'job.cancel': { request: z.object({}).strict(), response: JobSnapshotSchema.nullable() },
  /** Continue a paused job; finished images are not done again. `retryFailed` also redoes failed ones. */
  'job.resume': { request: z.object({ retryFailed: z.boolean().default(false) }).strict(), response: JobSnapshotSchema },
  /** Write the results of a paused job as they stand (one journal entry). */
  'job.commit': { request: z.object({}).strict(), response: JobSnapshotSchema },
  /** Drop a paused job and its results; captions are untouched. */
  'job.discard': { request: z.object({}).strict(), response: z.null() },
  /** "Test connection": is the LLM server reachable and does it have the model. */
  'llm.check': { request: z.object({ llm: LlmConfigSchema, confirmUrl: JobStartSchema.shape.confirmUrl }).strict(), response: LlmCheckSchema },
  /**
   * Is this LLM URL Tagsmith's default, the URL an API key is configured for, or one this user confirmed
   * for the open dataset? If not, and it is the dataset's saved URL, job.start and llm.check refuse it
   * until a request carries `confirmUrl`. The API key itself only ever goes to its configured origin.
   */
  'llm.url': { request: z.object({ baseUrl: z.string() }).strict(), response: LlmUrlStateSchema },
  /** This machine's tagger device (the per-user config file's `tagger.device`). */
  'tagger.device': { request: z.object({}).strict(), response: z.object({ device: z.enum(TAGGER_DEVICES) }) },
  /** Known tagger models and where each is on this machine. */
  'models.list': { request: z.object({}).strict(), response: TaggerModelListSchema },
} as const;

export const jobEvents = {
  'job.changed': JobSnapshotSchema,
} as const;
