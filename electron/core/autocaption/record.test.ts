import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settings } from './job-test-helpers.ts';
import { jobLabel } from './job.ts';
import { jobRecordPath, loadJobRecord, saveJobRecord, type JobRecord } from './record.ts';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

const record = (patch: Partial<JobRecord>): JobRecord => ({
  version: 1, id: 'job', createdAt: '2026-01-01T00:00:00.000Z', settings: settings({}),
  prompt: { focus: '', context: '', sentences: 3 }, ids: ['a.png'], skipped: 0, results: {}, failures: [],
  state: 'paused', message: '', entry: null, written: 0, unchanged: 0, review: false, proposal: null, ...patch,
});

describe('job records of sharded runs', () => {
  it('each shard has its own file; the unsharded record (the editor\'s) is untouched by them', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-record-'));
    roots.push(root);
    const two = { index: 2, count: 3 };
    expect(path.basename(jobRecordPath(root))).toBe('autocaption.json');
    expect(path.basename(jobRecordPath(root, two))).toBe('autocaption.shard-2-of-3.json');

    await saveJobRecord(root, record({ id: 'whole' }));
    await saveJobRecord(root, record({ id: 'second', shard: two }));
    expect((await loadJobRecord(root)).record?.id).toBe('whole');
    expect((await loadJobRecord(root, two)).record).toMatchObject({ id: 'second', shard: two });
    expect((await loadJobRecord(root, { index: 1, count: 3 })).record).toBeNull();
  });

  it('the journal label names the shard beside the merge mode', () => {
    expect(jobLabel(settings({}), 1)).toBe('Auto-tag 1 image');
    expect(jobLabel(settings({ useLlm: true }), 5, { index: 2, count: 3 })).toBe('Auto-caption 5 images (shard 2/3)');
    expect(jobLabel(settings({ mode: 'replace' }), 5, { index: 1, count: 2 })).toBe('Auto-tag 5 images (replace, shard 1/2)');
  });
});
