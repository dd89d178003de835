import { describe, expect, it } from 'vitest';
import { unreadImageReason } from './image-formats.ts';

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
    ['onetrainer', 'a.avif', 'OneTrainer does not read .avif images'],
    ['onetrainer', 'dir.x/face-masklabel.png', 'OneTrainer takes names ending in -masklabel or -condlabel for masks, not training images'],
  ] as const)('%s %s', (format, name, reason) => {
    expect(unreadImageReason(format, name)).toBe(reason);
  });
});
