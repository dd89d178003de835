import { describe, expect, it } from 'vitest';
import { exportImagePlan, unreadImageReason } from './image-formats.ts';

describe('unreadImageReason', () => {
  it.each([
    ['kohya', 'a.png', null],
    ['kohya', 'sub/a.JPG', null],
    ['kohya', 'a.bmp', null],
    ['kohya', 'a.Png', 'kohya sd-scripts does not read .Png images'],
    ['kohya', 'a.gif', 'kohya sd-scripts does not read .gif images'],
    ['kohya', 'a.tiff', 'kohya sd-scripts does not read .tiff images'],
    ['ai-toolkit', 'a.WebP', null],
    ['ai-toolkit', 'a.bmp', 'ai-toolkit does not read .bmp images'],
    ['onetrainer', 'a.TIF', null],
    ['onetrainer', 'a.avif', null],
    ['onetrainer', 'a.AVIF', null],
    ['onetrainer', 'a.gif', 'OneTrainer does not read .gif images'],
    ['kohya', 'a.avif', 'kohya sd-scripts does not read .avif images'],
    ['ai-toolkit', 'a.avif', 'ai-toolkit does not read .avif images'],
    ['onetrainer', 'dir.x/face-masklabel.png', 'OneTrainer takes names ending in -masklabel or -condlabel for masks, not training images'],
  ] as const)('%s %s', (format, name, reason) => {
    expect(unreadImageReason(format, name)).toBe(reason);
  });
});

describe('exportImagePlan', () => {
  it.each([
    ['onetrainer', 'sub/a.avif', { kind: 'copy' }],
    ['kohya', 'sub/a.avif', { kind: 'png', relPath: 'sub/a.png' }],
    ['ai-toolkit', 'x.y/a.AVIF', { kind: 'png', relPath: 'x.y/a.png' }],
    ['kohya', 'a.png', { kind: 'copy' }],
    ['kohya', 'a.gif', { kind: 'skip', reason: 'kohya sd-scripts does not read .gif images' }],
    // A mask stays out even in a format that could be converted: it is not a training image.
    ['onetrainer', 'face-masklabel.avif', { kind: 'skip', reason: 'OneTrainer takes names ending in -masklabel or -condlabel for masks, not training images' }],
  ] as const)('%s %s', (format, name, plan) => {
    expect(exportImagePlan(format, name)).toEqual(plan);
  });
});
