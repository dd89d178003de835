import { describe, expect, it } from 'vitest';
import type { TrainerCheck } from '../../../shared/trainers/geometry-check.ts';
import { pictureStats } from '../../../shared/trainers/image-stats.ts';
import { bucketBars, countsLine, histogramBars, findingFilter, findingRows, sampleShuffle, verdict, visibleText } from './model.ts';

const check = (over: Partial<TrainerCheck> = {}): TrainerCheck => ({
  trainer: 'kohya',
  captionExtension: '.txt',
  counts: { loaded: 3, captioned: 2, uncaptioned: 1, skipped: 1 },
  findings: [
    { kind: 'caption-file-empty', severity: 'blocker', message: 'empty', images: ['a.png'] },
    { kind: 'bom', severity: 'warning', message: 'bom', images: ['b.png', 'gone.jxl'] },
    { kind: 'ignored-caption-file', severity: 'warning', message: 'ignored', images: ['c.png'] },
  ],
  images: [],
  geometry: { resolution: 1024, resolutions: [1024], batchSize: 2, buckets: [], images: [], unreadable: [], pictures: pictureStats([]) },
  ...over,
});

describe('trainer check model', () => {
  it('says whether the trainer would stop, and counts what it loads', () => {
    expect(verdict(check())).toEqual({ text: '1 blocker: kohya sd-scripts would stop', blocked: true });
    expect(verdict(check({ findings: [] })).text).toBe('Ready to train: nothing found');
    expect(verdict(check({ findings: check().findings.slice(1) })).text).toBe('Ready to train, with 2 warnings');
    expect(countsLine(check())).toBe('kohya sd-scripts (captions .txt) loads 3 images: 2 with a caption, 1 uncaptioned; 1 skipped');
  });

  it('offers the fix that answers each finding, and the rename only when the trainer reads .txt', () => {
    expect(findingRows(check()).map((r) => r.fix)).toEqual(['empty-files', 'bom', 'caption-ext']);
    expect(findingRows(check({ captionExtension: '.caption' })).map((r) => r.fix)).toEqual(['empty-files', 'bom', null]);
  });

  it('shows only the images the grid knows', () => {
    expect(findingFilter(check().findings[1]!, (id) => id !== 'gone.jxl').ids).toEqual(['b.png']);
  });

  it('draws bars for the asked resolution, fullest first, marking buckets below the batch size', () => {
    const buckets = [
      { resolution: 1024, width: 1024, height: 1024, images: ['a', 'b', 'c', 'd'] },
      { resolution: 1024, width: 832, height: 1216, images: ['e'] },
      { resolution: 512, width: 512, height: 512, images: ['a'] },
    ];
    expect(bucketBars(buckets, 1024, 2).map((b) => [b.label, b.count, b.percent, b.small])).toEqual([
      ['1024×1024', 4, 100, false],
      ['832×1216', 1, 25, true],
    ]);
  });

  it('draws a histogram without its empty ends, bars scaled to the fullest bin', () => {
    const bins = [
      { label: '≤1:3', from: 0, to: 0.4, count: 0 },
      { label: '2:3', from: 0.4, to: 0.8, count: 2 },
      { label: '1:1', from: 0.8, to: 1.2, count: 0 },
      { label: '3:2', from: 1.2, to: null, count: 4 },
    ];
    expect(histogramBars(bins).map((b) => [b.label, b.count, b.percent])).toEqual([
      ['2:3', 2, 50],
      ['1:1', 0, 0],
      ['3:2', 4, 100],
    ]);
  });

  it('makes invisible characters visible', () => {
    expect(visibleText('\uFEFFa,\tb\r\nc\n')).toBe('⟨BOM⟩a,⇥b⟨CR⟩⏎c⏎');
  });

  it('samples a shuffle of tags only, trigger words first, stable across calls', () => {
    const s = sampleShuffle('ohwx, a, b, c, d', ['ohwx']);
    expect(s).not.toBeNull();
    expect(s!.startsWith('ohwx, ')).toBe(true);
    expect(s!.split(', ').slice(1).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(s).not.toBe('ohwx, a, b, c, d');
    expect(sampleShuffle('ohwx, a, b, c, d', ['ohwx'])).toBe(s);
    expect(sampleShuffle('ohwx, a, b. She stands.', ['ohwx'])).toBeNull();
    expect(sampleShuffle('ohwx', ['ohwx'])).toBeNull();
  });
});
