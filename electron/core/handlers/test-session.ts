import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { channels, type Channel, type EventName, type EventPayload, type ResponseOf } from '../../../shared/contract/channels.ts';
import { dispatch } from '../../../shared/contract/dispatch.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { makeTree, removeTree } from '../dataset/test-fixtures.ts';
import { Session, type SessionOptions } from '../session/session.ts';
import { createHandlers } from './index.ts';

export interface RecordedEvent<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
}

export interface TestSession {
  root: string;
  /** The per-user config file the prefs handlers use: in a temp folder, never the real one. */
  configFile: string;
  session: Session;
  events: RecordedEvent[];
  /** Through dispatch, as a transport calls it; a successful response is checked against the contract. */
  call<C extends Channel>(channel: C, payload?: unknown): Promise<Result<ResponseOf<C>, AppError>>;
  /** Like call, but the test fails unless the call succeeds. */
  value<C extends Channel>(channel: C, payload?: unknown): Promise<ResponseOf<C>>;
  /** Like call, but the test fails unless the call fails; returns the error. */
  failure(channel: string, payload?: unknown): Promise<AppError>;
  eventsOf<E extends EventName>(name: E): Array<EventPayload<E>>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-handlers-'));
  cleanups.push(() => removeTree(dir));
  return dir;
}

/** A real Session over a real temp folder; everything is closed and removed after the test. */
export async function openTestSession(
  files: Record<string, string | Uint8Array>,
  opts: {
    allowOpen?: boolean;
    watch?: boolean;
    root?: string;
    jobs?: SessionOptions['jobs'];
    configFile?: string;
    planner?: SessionOptions['planner'];
    /** SessionOptions.editing: thumbnails made ahead, as in the desktop app and `tagsmith serve`. */
    editing?: SessionOptions['editing'];
    /** Web mode's export root (HandlerOptions.exportRoot); default none, as in the desktop app. */
    exportRoot?: string;
  } = {},
): Promise<TestSession> {
  // `root`: reopen a folder an earlier session of the same test left behind (restart tests).
  const root = opts.root ?? makeTree(files);
  if (!opts.root) cleanups.push(() => removeTree(root));
  const configFile = opts.configFile ?? path.join(tempDir(), 'config', 'config.json');
  // The job services read API keys from the same temp config file as the handlers, never the real one.
  const jobs = opts.jobs ?? { backoffMs: 5, hub: { download: false } };
  const session = await Session.open({
    root,
    jobs: typeof jobs === 'function' ? jobs : { ...jobs, keys: { configFile, ...jobs.keys } },
    watch: opts.watch ?? false,
    thumbnails: { cacheDir: tempDir() },
    coalesce: { quietMs: 30, maxWaitMs: 200 },
    planner: opts.planner,
    ...(opts.editing ? { editing: opts.editing } : {}),
  });
  cleanups.push(() => session.close());
  const events: RecordedEvent[] = [];
  session.on((event, payload) => events.push({ event, payload } as RecordedEvent));
  const handlers = createHandlers(session, { allowOpen: opts.allowOpen ?? false, configFile, exportRoot: opts.exportRoot ?? null });

  const call = async <C extends Channel>(channel: C, payload: unknown = {}) => {
    const result = (await dispatch(handlers, channel, payload)) as Result<ResponseOf<C>, AppError>;
    if (result.ok) channels[channel].response.parse(result.value);
    return result;
  };
  return {
    root: session.root,
    configFile,
    session,
    events,
    call,
    async value(channel, payload) {
      const result = await call(channel, payload);
      if (!result.ok) expect.fail(`${channel} failed: ${result.error.kind}: ${result.error.message}`);
      return result.value;
    },
    async failure(channel, payload) {
      const result = await dispatch(handlers, channel, payload ?? {});
      if (result.ok) expect.fail(`${channel} succeeded but should have failed`);
      return result.error;
    },
    eventsOf: <E extends EventName>(name: E) =>
      events.filter((e): e is RecordedEvent<E> => e.event === name).map((e) => e.payload),
  };
}

/** Polls until pred holds (watchers report asynchronously). */
export async function waitUntil(pred: () => boolean, what: string, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
