import type { AppError } from '../../../shared/result.ts';

/**
 * The wire format between a WorkerPool and its workers. Only plain data crosses: errors travel as
 * {kind, message} so a stack trace or an Error subclass never has to survive structured clone.
 */
export interface JobRequest<Req> {
  seq: number;
  req: Req;
}

export type JobResponse<Res> =
  | { seq: number; ok: true; value: Res }
  | { seq: number; ok: false; error: AppError };

/**
 * Sent once by serveWorker when it is listening. The job clock starts at this point, so the time a
 * fresh worker spends loading tsx, sharp or an ONNX runtime is never charged to the first job.
 */
export interface WorkerReady {
  ready: true;
}

export function isWorkerReady(msg: unknown): msg is WorkerReady {
  return typeof msg === 'object' && msg !== null && (msg as { ready?: unknown }).ready === true;
}

/** Throw this from a worker handler to choose the error kind the caller sees. */
export class JobError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(message);
    this.name = 'JobError';
    this.kind = kind;
  }
}

/** The kind used when a handler throws something that carries no kind of its own. */
export const UNCLASSIFIED_KIND = 'worker-error';

export function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.trim() || 'unknown error';
}

export function toAppError(thrown: unknown, fallbackKind = UNCLASSIFIED_KIND): AppError {
  if (thrown instanceof Error) {
    const kind = (thrown as { kind?: unknown }).kind;
    return { kind: typeof kind === 'string' && kind !== '' ? kind : fallbackKind, message: firstLine(thrown.message) };
  }
  return { kind: fallbackKind, message: firstLine(String(thrown)) };
}

export function isJobRequest(msg: unknown): msg is JobRequest<unknown> {
  return typeof msg === 'object' && msg !== null && typeof (msg as { seq?: unknown }).seq === 'number' && 'req' in msg;
}

export function isJobResponse(msg: unknown): msg is JobResponse<unknown> {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as { seq?: unknown; ok?: unknown; error?: unknown };
  if (typeof m.seq !== 'number') return false;
  if (m.ok === true) return 'value' in m;
  if (m.ok !== false || typeof m.error !== 'object' || m.error === null) return false;
  const e = m.error as { kind?: unknown; message?: unknown };
  return typeof e.kind === 'string' && typeof e.message === 'string';
}

/** What the bootstrap receives as workerData: the real entry plus the pool user's own data. */
export interface BootstrapData {
  entry: string;
  data: unknown;
}
