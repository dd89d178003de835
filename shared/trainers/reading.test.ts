import { describe, expect, it } from 'vitest';
import { readDataset, type ReadingInput } from './reading.ts';
import type { TrainerFormat } from './types.ts';

const BOM = '\uFEFF';
const PROSE = 'ohwx, A woman walks her dog, slowly, in the rain.';

/** An in-place dataset: caption text by path (null: not UTF-8), images as '' placeholders. */
function dataset(files: Record<string, string | null | 'IMAGE'>, over: Partial<ReadingInput> = {}): ReadingInput {
  const texts = new Map<string, string | null>();
  for (const [path, content] of Object.entries(files)) if (content !== 'IMAGE') texts.set(path, content);
  return { files: Object.keys(files), texts, captionExtension: '.txt', triggerWords: ['ohwx'], root: '/data/set', ...over };
}

const MIXED = dataset({
  'a.png': 'IMAGE',
  'a.txt': 'ohwx, 1girl, red dress\r\nline two\r\n', // CRLF and a line 2
  'b.Png': 'IMAGE',
  'b.txt': 'ohwx, b',
  'c.JPG': 'IMAGE',
  'c.txt': `${BOM}ohwx, smile\n`,
  'd.gif': 'IMAGE',
  'd.txt': 'ohwx, d',
  'e.avif': 'IMAGE',
  'e.txt': 'ohwx, e',
  'f.jpg': 'IMAGE',
  'f.txt': '', // 0 bytes
  'g.webp': 'IMAGE',
  'g.txt': '   \nsecond line\n', // blank line 1
  'h.png': 'IMAGE', // no caption
  'sub/i.png': 'IMAGE',
  'sub/i.txt': `${PROSE}\n`,
  'sub/j.jpeg': 'IMAGE',
  'sub/j.caption': 'ohwx, j', // an extension the trainer is not set to
  'bad.png': 'IMAGE',
  'bad.txt': null, // not UTF-8
});

const SKIP = 'skipped';
type Row = [image: string, trained: string[] | typeof SKIP];

const EXPECTED: Record<TrainerFormat, { rows: Row[]; counts: object; blockers: Record<string, string[]>; warnings: Record<string, string[]> }> = {
  kohya: {
    rows: [
      ['a.png', ['ohwx, 1girl, red dress']],
      ['b.Png', SKIP],
      ['bad.png', []],
      ['c.JPG', [`${BOM}ohwx, smile`]],
      ['d.gif', SKIP],
      ['e.avif', SKIP],
      ['f.jpg', []],
      ['g.webp', ['']],
      // Not every caption in the folder starts with ohwx: the dataset.toml writes no class_tokens.
      ['h.png', ['']],
      ['sub/i.png', [PROSE]],
      ['sub/j.jpeg', ['ohwx']],
    ],
    counts: { loaded: 8, captioned: 6, uncaptioned: 2, skipped: 3 },
    blockers: { 'caption-file-empty': ['f.jpg'], 'not-utf8': ['bad.png'] },
    warnings: {
      uncaptioned: ['h.png', 'sub/j.jpeg'],
      'ignored-caption-file': ['sub/j.jpeg'],
      'empty-caption': ['g.webp'],
      bom: ['c.JPG'],
      'skipped-format': ['b.Png', 'd.gif', 'e.avif'],
    },
  },
  'ai-toolkit': {
    rows: [
      ['a.png', ['ohwx,  1girl,  red dress\nline two\n']],
      ['b.Png', ['ohwx,  b']],
      ['bad.png', []],
      ['c.JPG', [`${BOM}ohwx,  smile\n`]],
      ['d.gif', SKIP],
      ['e.avif', SKIP],
      ['f.jpg', ['ohwx ']],
      ['g.webp', ['ohwx    \nsecond line\n']],
      ['h.png', ['ohwx ']],
      ['sub/i.png', ['ohwx,  A woman walks her dog,  slowly,  in the rain.\n']],
      ['sub/j.jpeg', ['ohwx ']],
    ],
    counts: { loaded: 9, captioned: 7, uncaptioned: 2, skipped: 2 },
    blockers: { 'not-utf8': ['bad.png'] },
    warnings: {
      uncaptioned: ['h.png', 'sub/j.jpeg'],
      'ignored-caption-file': ['sub/j.jpeg'],
      'empty-caption': ['f.jpg'],
      'extra-lines': ['a.png', 'g.webp'],
      bom: ['c.JPG'],
      'trigger-prepended': ['g.webp'],
      'skipped-format': ['d.gif', 'e.avif'],
    },
  },
  onetrainer: {
    rows: [
      ['a.png', ['ohwx, 1girl, red dress', 'line two']],
      ['b.Png', ['ohwx, b']],
      ['bad.png', []],
      ['c.JPG', [`${BOM}ohwx, smile`]],
      ['d.gif', SKIP],
      ['e.avif', ['ohwx, e']], // OneTrainer lists .avif (path_util.SUPPORTED_IMAGE_EXTENSIONS)
      ['f.jpg', ['']],
      ['g.webp', ['second line']],
      ['h.png', ['']],
      ['sub/i.png', [PROSE]],
      ['sub/j.jpeg', ['']],
    ],
    counts: { loaded: 10, captioned: 8, uncaptioned: 2, skipped: 1 },
    blockers: { 'not-utf8': ['bad.png'] },
    warnings: {
      uncaptioned: ['h.png', 'sub/j.jpeg'],
      'ignored-caption-file': ['sub/j.jpeg'],
      'empty-caption': ['f.jpg'],
      'extra-lines': ['a.png', 'g.webp'],
      bom: ['c.JPG'],
      'skipped-format': ['d.gif'],
    },
  },
};

function byKind(reading: ReturnType<typeof readDataset>, severity: 'blocker' | 'warning'): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of reading.findings.filter((x) => x.severity === severity)) out[f.kind] = [...(out[f.kind] ?? []), ...f.images].sort();
  return out;
}

describe.each(Object.entries(EXPECTED) as Array<[TrainerFormat, (typeof EXPECTED)[TrainerFormat]]>)('%s reading an in-place dataset', (trainer, expected) => {
  const reading = readDataset(MIXED, trainer);
  it.each(expected.rows)('%s', (image, trained) => {
    const r = reading.images.find((i) => i.image === image)!;
    if (trained === SKIP) expect(r.skipped).toBeTruthy();
    else expect({ skipped: r.skipped, trained: r.trained }).toEqual({ skipped: null, trained });
  });
  it('counts what it loads', () => expect(reading.counts).toEqual(expected.counts));
  it('names the blockers and warnings', () => {
    expect(byKind(reading, 'blocker')).toEqual(expected.blockers);
    expect(byKind(reading, 'warning')).toEqual(expected.warnings);
  });
});

describe('trigger words in ai-toolkit', () => {
  const read = (caption: string, triggerWords: string[]) =>
    readDataset(dataset({ 'a.png': 'IMAGE', 'a.txt': caption }, { triggerWords }), 'ai-toolkit');
  it.each([
    ['ohwx, 1girl', ['ohwx'], 'ohwx,  1girl', false],
    ['1girl, smile', ['ohwx'], 'ohwx 1girl,  smile', true],
    ['[trigger], 1girl', ['ohwx'], 'ohwx,  1girl', false],
    // two trigger words: trigger_word "ohwx, sks" is no longer verbatim once ", " became ",  "
    // two trigger words: Tagsmith's YAML writes no trigger_word (ai-toolkit would not find "ohwx, sks"
    // verbatim once ", " became ",  " and would add it again), so nothing is added, and [trigger] goes.
    ['ohwx, sks, 1girl', ['ohwx', 'sks'], 'ohwx,  sks,  1girl', false],
    ['[trigger], 1girl', ['ohwx', 'sks'], ',  1girl', false],
    ['[trigger], 1girl', [], ',  1girl', false],
  ])('%j with %j trains %j', (caption, triggers, trained, prepended) => {
    const r = read(caption, triggers);
    expect(r.images[0]!.trained).toEqual([trained]);
    expect(r.findings.some((f) => f.kind === 'trigger-prepended')).toBe(prepended);
  });
  it('warns that [trigger] vanishes without a trigger word', () => {
    expect(read('[trigger], 1girl', []).findings.map((f) => f.kind)).toEqual(['trigger-removed']);
  });
  it('warns when trigger_word is found only inside a longer word: nothing is added', () => {
    expect(read('ohwxyz, smile', ['ohwx']).findings.map((f) => f.kind)).toEqual(['trigger-inside-word']);
    expect(read('ohwxyz, smile', ['ohwx']).images[0]!.trained).toEqual(['ohwxyz,  smile']);
    expect(read('smile, ohwx-style', ['ohwx']).findings).toEqual([]);
    expect(read('ohwx_x, ohwx', ['ohwx']).findings).toEqual([]);
  });
  it('warns that [trigger] vanishes with several trigger words', () => {
    expect(read('[trigger], 1girl', ['ohwx', 'sks']).findings.map((f) => [f.kind, f.message])).toEqual([
      ['trigger-removed', '[trigger] is replaced by nothing: Tagsmith writes no trigger_word for 2 trigger words'],
    ]);
  });
  it('never reads default.txt: the sd_trainer only has the config\'s default_caption, which Tagsmith does not write', () => {
    const r = readDataset(dataset({ 'a.png': 'IMAGE', 'default.txt': 'ohwx, style', 'sub/b.png': 'IMAGE', 'sub/default.txt': 'x' }), 'ai-toolkit');
    expect(r.images.map((i) => [i.captionFile, i.source, i.trained])).toEqual([
      [null, 'none', ['ohwx ']],
      [null, 'none', ['ohwx ']],
    ]);
    expect(r.counts).toEqual({ loaded: 2, captioned: 0, uncaptioned: 2, skipped: 0 });
  });
  it('leaves out images in a _controls folder (control images), at any depth', () => {
    const r = readDataset(dataset({ 'a.png': 'IMAGE', '_controls/a.png': 'IMAGE', 'sub/_controls/b.png': 'IMAGE', '_controls_x/c.png': 'IMAGE' }), 'ai-toolkit');
    expect(r.images.map((i) => [i.image, i.skipped !== null])).toEqual([
      ['_controls/a.png', true],
      ['_controls_x/c.png', false],
      ['a.png', false],
      ['sub/_controls/b.png', true],
    ]);
    expect(readDataset(dataset({ '_controls/a.png': 'IMAGE' }), 'kohya').counts.skipped).toBe(0);
  });
});

describe('kohya specifics', () => {
  it('trains an uncaptioned image in a DreamBooth folder on the words of its name, as the dataset.toml writes them', () => {
    const r = readDataset(dataset({ '10_sks woman/a.png': 'IMAGE', '10_sks woman/b.png': 'IMAGE', '10_sks woman/b.txt': 'ohwx, b' }), 'kohya');
    expect(r.images[0]).toMatchObject({ source: 'class-tokens', trained: ['sks woman'] });
    // `10_` has no words: the trigger words, as for any folder.
    expect(readDataset(dataset({ '10_/a.png': 'IMAGE' }), 'kohya').images[0]!.trained).toEqual(['ohwx']);
  });
  it('uses the trigger words and class word of the dataset.toml elsewhere, or nothing', () => {
    expect(readDataset(dataset({ 'a.png': 'IMAGE' }, { classWord: 'woman' }), 'kohya').images[0]!.trained).toEqual(['ohwx woman']);
    expect(readDataset(dataset({ 'a.png': 'IMAGE' }, { triggerWords: [] }), 'kohya').images[0]).toMatchObject({ source: 'none', trained: [''] });
    // A folder whose captions do not all start with the trigger: the toml's class_tokens is the class word alone.
    const mixed = dataset({ 'a.png': 'IMAGE', 'b.png': 'IMAGE', 'b.txt': 'from txt' }, { classWord: 'woman' });
    expect(readDataset(mixed, 'kohya').images[0]!.trained).toEqual(['woman']);
    // Pointed at the folder alone, the user's subset: the trigger words and class word asked about.
    expect(readDataset({ ...mixed, rootOnly: true }, 'kohya').images[0]!.trained).toEqual(['ohwx woman']);
  });
  it('stops on a folder or a dangling link named like an image: its glob takes every name, and it reads the size of each', () => {
    const input = dataset({ 'a.png': 'IMAGE', 'a.txt': 'ohwx' }, { notFiles: new Map([['folder.png', 'folder'], ['broken.png', 'broken-link'], ['x.Png', 'folder'], ['.h.png', 'folder']]) });
    // Listed as images it loads: the geometry check then finds them unreadable, a blocker.
    expect(readDataset(input, 'kohya').images.map((i) => i.image)).toEqual(['a.png', 'broken.png', 'folder.png']);
    expect(readDataset(input, 'ai-toolkit').images.map((i) => i.image)).toEqual(['a.png']);
    expect(readDataset(input, 'onetrainer').images.map((i) => i.image)).toEqual(['a.png']);
  });
  it('falls back to the name without its last four _-parts', () => {
    const r = readDataset(dataset({ 'face_001_a_b_c.png': 'IMAGE', 'face.txt': 'ohwx, face' }), 'kohya');
    expect(r.images[0]).toMatchObject({ captionFile: 'face.txt', trained: ['ohwx, face'] });
  });
  it('reads a .caption dataset when set to .caption; a blank line 1 trains empty even with a line 2', () => {
    const r = readDataset(dataset({ 'a.png': 'IMAGE', 'a.caption': '\nohwx, a\n' }, { captionExtension: '.caption' }), 'kohya');
    expect(r.images[0]).toMatchObject({ captionFile: 'a.caption', trained: [''] });
  });
  it('skips subfolders when pointed at the folder alone', () => {
    const input = dataset({ 'a.png': 'IMAGE', 'a.txt': 'ohwx', 'sub/b.png': 'IMAGE', 'sub/b.txt': 'ohwx' }, { rootOnly: true });
    expect(readDataset(input, 'kohya').counts).toEqual({ loaded: 1, captioned: 1, uncaptioned: 0, skipped: 1 });
    expect(readDataset(input, 'onetrainer').counts.skipped).toBe(1);
    expect(readDataset(input, 'ai-toolkit').counts).toEqual({ loaded: 2, captioned: 2, uncaptioned: 0, skipped: 0 });
  });
  it("with --train_data_dir reads only <repeats>_<class> subfolders, on their names' class tokens", () => {
    const input = dataset(
      {
        'root.png': 'IMAGE',
        '10_ohwx woman/a.png': 'IMAGE',
        '10_ohwx woman/b.png': 'IMAGE',
        '10_ohwx woman/b.txt': 'ohwx, b',
        '10_ohwx woman/deeper/c.png': 'IMAGE',
        ' 3_x_y/d.png': 'IMAGE', // int(' 3') is 3; the class is everything after the first _
        '0_none/e.png': 'IMAGE',
        'plain/f.png': 'IMAGE',
        'link/g.png': 'IMAGE',
        '2_linked/h.png': 'IMAGE',
      },
      { trainDataDir: true, linked: new Set(['2_linked/h.png']) },
    );
    const r = readDataset(input, 'kohya');
    expect(r.images.map((i) => [i.image, i.skipped === null ? i.trained : 'skipped'])).toEqual([
      [' 3_x_y/d.png', ['x_y']],
      ['0_none/e.png', 'skipped'],
      ['10_ohwx woman/a.png', ['ohwx woman']],
      ['10_ohwx woman/b.png', ['ohwx, b']],
      ['10_ohwx woman/deeper/c.png', 'skipped'],
      ['2_linked/h.png', ['linked']],
      ['link/g.png', 'skipped'],
      ['plain/f.png', 'skipped'],
      ['root.png', 'skipped'],
    ]);
    expect(r.images.find((i) => i.image === 'root.png')!.skipped).toBe('in the folder itself: with --train_data_dir kohya reads only its <repeats>_<class> subfolders');
    expect(r.images.find((i) => i.image === 'plain/f.png')!.skipped).toBe('in "plain", which is not named <repeats>_<class>: kohya ignores the folder');
  });
  it('stops when it loads no image at all, as every trainer does', () => {
    const rootOnly = dataset({ 'a.png': 'IMAGE', 'a.txt': 'ohwx' }, { trainDataDir: true });
    expect(readDataset(rootOnly, 'kohya').findings.map((f) => [f.kind, f.severity, f.message, f.images])).toEqual([
      ['no-images', 'blocker', 'kohya sd-scripts stops: "No data found" (it loads no image from this folder)', ['a.png']],
      ['skipped-subfolder', 'warning', 'in the folder itself: with --train_data_dir kohya reads only its <repeats>_<class> subfolders', ['a.png']],
    ]);
    for (const trainer of ['kohya', 'ai-toolkit', 'onetrainer'] as const) {
      expect(readDataset(dataset({ 'a.txt': 'ohwx' }), trainer).findings.map((f) => [f.kind, f.severity])).toEqual([['no-images', 'blocker']]);
    }
  });
  it('takes only all-lower or ALL-UPPER extensions', () => {
    const r = readDataset(dataset({ 'a.PNG': 'IMAGE', 'b.Jpg': 'IMAGE', 'c.JPEG': 'IMAGE', 'd.tif': 'IMAGE' }, { triggerWords: [] }), 'kohya');
    expect(r.images.map((i) => [i.image, i.skipped === null])).toEqual([['a.PNG', true], ['b.Jpg', false], ['c.JPEG', true], ['d.tif', false]]);
  });
  it('trains [trigger] literally, with a warning', () => {
    const r = readDataset(dataset({ 'a.png': 'IMAGE', 'a.txt': '[trigger], 1girl' }), 'kohya');
    expect(r.images[0]!.trained).toEqual(['[trigger], 1girl']);
    expect(r.findings.map((f) => f.kind)).toEqual(['literal-placeholder']);
  });
});

describe('OneTrainer specifics', () => {
  it('trains a .caption dataset on empty prompts: it reads only .txt', () => {
    const r = readDataset(dataset({ 'a.png': 'IMAGE', 'a.caption': 'ohwx, a', 'b.png': 'IMAGE', 'b.caption': 'ohwx, b' }, { captionExtension: '.caption' }), 'onetrainer');
    expect(r.captionExtension).toBe('.txt');
    expect(r.counts).toEqual({ loaded: 2, captioned: 0, uncaptioned: 2, skipped: 0 });
    expect(r.images.map((i) => i.trained)).toEqual([[''], ['']]);
    expect(r.findings.map((f) => [f.kind, f.images])).toEqual([
      ['uncaptioned', ['a.png', 'b.png']],
      ['ignored-caption-file', ['a.png', 'b.png']],
    ]);
  });
  it('trains hidden images and images behind a symlinked folder, which the editor does not show', () => {
    const input = dataset(
      { '.h.png': 'IMAGE', '.h.txt': 'ohwx, hidden', 'a.png': 'IMAGE', 'a.txt': 'ohwx', 'link/b.png': 'IMAGE', 'link/b.txt': 'ohwx, linked' },
      { linked: new Set(['link/b.png', 'link/b.txt']) },
    );
    const r = readDataset(input, 'onetrainer');
    expect(r.images.map((i) => [i.image, i.trained])).toEqual([
      ['.h.png', ['ohwx, hidden']],
      ['a.png', ['ohwx']],
      ['link/b.png', ['ohwx, linked']],
    ]);
    expect(r.findings.map((f) => [f.kind, f.images])).toEqual([
      ['unseen-image', ['.h.png']],
      ['unseen-image', ['link/b.png']],
    ]);
    // kohya's glob and ai-toolkit's walk skip hidden files, and neither follows the link.
    for (const trainer of ['kohya', 'ai-toolkit'] as const) expect(readDataset(input, trainer).images.map((i) => i.image)).toEqual(['a.png']);
  });
  it('stops, as ai-toolkit does, on a folder where the caption file would be', () => {
    const input = dataset({ 'a.png': 'IMAGE', 'b.png': 'IMAGE', 'b.txt': 'ohwx' }, { notFiles: new Map([['a.txt', 'folder']]) });
    for (const trainer of ['onetrainer', 'ai-toolkit'] as const) {
      expect(readDataset(input, trainer).findings.map((f) => [f.kind, f.severity, f.images])).toEqual([['caption-not-a-file', 'blocker', ['a.png']]]);
    }
    // kohya checks for a file: the image is uncaptioned.
    expect(readDataset(input, 'kohya').images[0]).toMatchObject({ source: 'class-tokens', trained: ['ohwx'] });
  });
  it('leaves out masks', () => {
    const r = readDataset(dataset({ 'a.png': 'IMAGE', 'a.txt': 'ohwx', 'a-masklabel.png': 'IMAGE' }), 'onetrainer');
    expect(r.counts).toEqual({ loaded: 1, captioned: 1, uncaptioned: 0, skipped: 1 });
  });
});

it('a clean dataset has no findings for any trainer', () => {
  const clean = dataset({ 'a.png': 'IMAGE', 'a.txt': 'ohwx, 1girl\n', 'sub/b.jpg': 'IMAGE', 'sub/b.txt': `${PROSE}\n` });
  for (const trainer of ['kohya', 'ai-toolkit', 'onetrainer'] as const) {
    expect(readDataset(clean, trainer).findings).toEqual([]);
    expect(readDataset(clean, trainer).counts).toEqual({ loaded: 2, captioned: 2, uncaptioned: 0, skipped: 0 });
  }
});
