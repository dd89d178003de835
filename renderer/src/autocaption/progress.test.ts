import { describe, expect, it } from 'vitest';
import { describeFailure, downloadText, formatBytes, formatEta, jobHeading, processedOf, progressSummary } from './progress.ts';
import { jobSnapshot } from './test-job.ts';

describe('formatEta', () => {
  it.each([
    [null, ''],
    [-5, ''],
    [Number.NaN, ''],
    [0, 'less than a minute left'],
    [44_000, 'less than a minute left'],
    [60_000, 'about 1 min left'],
    [89_000, 'about 1 min left'],
    [150_000, 'about 3 min left'],
    [59 * 60_000, 'about 59 min left'],
    [3_570_000, 'about 1 h left'],
    [80 * 60_000, 'about 1 h 20 min left'],
    [2 * 3_600_000 + 59.7 * 60_000, 'about 3 h left'],
  ])('%s ms reads "%s"', (ms, text) => {
    expect(formatEta(ms)).toBe(text);
  });
});

describe('progressSummary', () => {
  it('counts finished and failed images, then the time left while running', () => {
    const job = jobSnapshot({ total: 40, done: 9, failed: 3, skipped: 5, etaMs: 70_000 });
    expect(processedOf(job)).toBe(12);
    expect(progressSummary(job)).toBe('12 of 40 · 3 failed · 5 skipped (already captioned) · about 1 min left');
  });
  it('drops the estimate once the job stops', () => {
    expect(progressSummary(jobSnapshot({ state: 'paused', done: 4, etaMs: 70_000 }))).toBe('4 of 10');
    expect(progressSummary(jobSnapshot({ state: 'finished', done: 9, failed: 1, etaMs: 0 }))).toBe('10 of 10 · 1 failed');
  });
  it('never counts past the total', () => {
    expect(processedOf(jobSnapshot({ total: 2, done: 2, failed: 1 }))).toBe(2);
  });
});

describe('downloads and failures', () => {
  it('formats sizes and download progress', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(formatBytes(361_000_000)).toBe('361 MB');
    expect(downloadText({ file: 'model.onnx', bytes: 120_000_000, total: 361_000_000 })).toBe('Downloading model.onnx: 120 MB of 361 MB (33%)');
    expect(downloadText({ file: 'selected_tags.csv', bytes: 2048, total: null })).toBe('Downloading selected_tags.csv: 2.0 KB');
  });
  it('names the stage that failed', () => {
    expect(describeFailure({ stage: 'describe', message: 'timed out' })).toBe('Describing failed: timed out');
    expect(describeFailure({ stage: 'merge', message: 'changed on disk' })).toBe('Writing the caption failed: changed on disk');
  });
});

describe('jobHeading', () => {
  it('says a re-caption waits for review, and otherwise names the state', () => {
    expect(jobHeading(jobSnapshot({ state: 'paused', proposal: [] }))).toBe('Review the new caption');
    expect(jobHeading(jobSnapshot({ state: 'paused' }))).toBe('Paused');
    expect(jobHeading(jobSnapshot({ state: 'finished', proposal: [] }))).toBe('Finished');
  });
});
