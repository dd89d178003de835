import { describe, expect, it } from 'vitest';
import { trainerLoad } from './load.ts';
import { readDataset, type ReadingInput } from './reading.ts';

/** Caption texts by path; 'IMAGE' marks an image. */
function input(files: Record<string, string>, over: Partial<ReadingInput> = {}): ReadingInput {
  const texts = new Map<string, string | null>();
  for (const [path, text] of Object.entries(files)) if (text !== 'IMAGE') texts.set(path, text);
  return { files: Object.keys(files), texts, captionExtension: '.txt', triggerWords: ['ohwx'], root: '/data/set', ...over };
}

describe('trainerLoad', () => {
  it('OneTrainer on a .caption dataset: every image loads, none with Tagsmith\'s caption, so no caption decides its settings', () => {
    const files = { 'a.png': 'IMAGE', 'a.caption': 'ohwx, a. A sentence, with a comma.', 'sub/b.png': 'IMAGE', 'sub/b.caption': 'ohwx, b' };
    const captions = [
      { image: 'a.png', captionFile: 'a.caption', text: files['a.caption'] },
      { image: 'sub/b.png', captionFile: 'sub/b.caption', text: files['sub/b.caption'] },
    ];
    const load = trainerLoad(readDataset(input(files, { captionExtension: '.caption' }), 'onetrainer'), captions, ['ohwx']);
    expect(load).toMatchObject({ imageCount: 2, folders: ['', 'sub'], captions: [], imagesByFolder: { '': 1, sub: 1 } });
    expect(load.counted).toBe('OneTrainer loads 2 images (2 without a .txt caption train on an empty prompt)');
    // kohya, set to .caption, reads them: they decide its subsets.
    const kohya = trainerLoad(readDataset(input(files, { captionExtension: '.caption' }), 'kohya'), captions, ['ohwx']);
    expect(kohya.captions).toEqual([
      { folder: '', text: files['a.caption'] },
      { folder: 'sub', text: files['sub/b.caption'] },
    ]);
    expect(kohya.counted).toBe('kohya loads 2 images');
  });

  it('OneTrainer: each line of a caption is a caption of its own, so each decides keep_tags_count', () => {
    const files = { 'a.png': 'IMAGE', 'a.txt': 'ohwx, a, b\nc, d, e\n' };
    const captions = [{ image: 'a.png', captionFile: 'a.txt', text: files['a.txt'] }];
    const load = trainerLoad(readDataset(input(files), 'onetrainer'), captions, ['ohwx']);
    expect(load.captions).toEqual([
      { folder: '', text: 'ohwx, a, b' },
      { folder: '', text: 'c, d, e' },
    ]);
  });

  it('ai-toolkit: an image without a caption trains on the one trigger word, never on default.txt', () => {
    const files = { 'a.png': 'IMAGE', 'b.png': 'IMAGE', 'default.txt': 'ohwx, style' } as const;
    const load = trainerLoad(readDataset(input(files), 'ai-toolkit'), [], ['ohwx']);
    expect(load.counted).toBe('ai-toolkit loads 2 images (2 uncaptioned train on the trigger word alone)');
    // Several trigger words: Tagsmith writes no trigger_word, so nothing is added.
    const several = trainerLoad(readDataset({ ...input(files), triggerWords: ['ohwx', 'sks'] }, 'ai-toolkit'), [], ['ohwx', 'sks']);
    expect(several.counted).toBe('ai-toolkit loads 2 images (2 uncaptioned train on an empty caption)');
  });

  it('names what stops training, up to three images and how many more', () => {
    const files: Record<string, string> = {};
    for (const n of ['a', 'b', 'c', 'd', 'e']) Object.assign(files, { [`${n}.png`]: 'IMAGE', [`${n}.txt`]: '' });
    const load = trainerLoad(readDataset(input(files), 'kohya'), [], ['ohwx']);
    expect(load.notes).toEqual(['kohya stops: "caption file is empty" (0-byte caption file): a.png, b.png, c.png and 2 more.']);
  });
});
