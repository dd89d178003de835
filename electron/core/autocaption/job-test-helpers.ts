import fs from 'node:fs';
import path from 'node:path';
import { AutoCaptionSettingsSchema, type AutoCaptionSettings } from '../../../shared/autocaption/config.ts';
import type { JobSnapshot } from '../../../shared/contract/jobs.ts';
import { waitUntil, type TestSession } from '../handlers/test-session.ts';

/* Helpers for the job tests (*.test.ts here and test/autocaption-*.test.ts); not used by the app. */

export function settings(patch: Record<string, unknown>): AutoCaptionSettings {
  return AutoCaptionSettingsSchema.parse(patch);
}

/** The job's last reported snapshot once it reaches one of `state`. */
export async function finished(t: TestSession, state: JobSnapshot['state'] | JobSnapshot['state'][] = 'finished'): Promise<JobSnapshot> {
  const wanted = Array.isArray(state) ? state : [state];
  let last: JobSnapshot | null = null;
  await waitUntil(() => {
    const events = t.eventsOf('job.changed');
    last = events.at(-1) ?? null;
    return last !== null && wanted.includes(last.state);
  }, `job state ${wanted.join('/')}`, 20_000);
  return last!;
}

export const read = (t: TestSession, rel: string) => fs.readFileSync(path.join(t.root, rel), 'utf8');
