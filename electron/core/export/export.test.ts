import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { parse as parseToml } from 'smol-toml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { aiToolkitCaption, kohyaShuffledCaption, type KohyaSubsetCaption } from '../../../shared/trainers/reading.ts';
import { ExportRequestSchema, TrainerOptionsSchema, type ExportRequest } from '../../../shared/trainers/types.ts';
import { Dataset, type Progress } from '../dataset/dataset.ts';
import { listAll, PNG, removeTree, tempTrees } from '../dataset/test-fixtures.ts';
import { exportDataset } from './export.ts';

const tree = tempTrees();
const outs: string[] = [];
afterEach(() => outs.splice(0).forEach(removeTree));

/** A fresh parent folder outside any dataset; the export goes to <parent>/out unless told otherwise. */
function outParent(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-export-'));
  outs.push(dir);
  return dir;
}

let BIG_PNG: Buffer; // 300 × 200
let SMALL_JPG: Buffer; // 120 × 80
let ROTATED_JPG: Buffer; // stored 300 × 200, EXIF orientation 6: shown 200 × 300
let AVIF: Buffer; // 300 × 200
beforeAll(async () => {
  AVIF = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#30a0a0' } }).avif({ quality: 80 }).toBuffer();
  BIG_PNG = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c03030' } }).png().toBuffer();
  SMALL_JPG = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3030c0' } }).jpeg().toBuffer();
  ROTATED_JPG = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#30c030' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
});

const settings = (s: object) => JSON.stringify({ version: 1, ...s });

function datasetFiles(): Record<string, string | Uint8Array> {
  return {
    '.tagsmith/settings.json': settings({ triggerWords: ['ohwx'] }),
    'a.png': BIG_PNG,
    'a.txt': 'ohwx, 1girl, smile. She smiles by the window.\nmy own notes\n',
    'sub dir/b.jpg': SMALL_JPG,
    'sub dir/b.txt': '\uFEFFohwx, 1boy, red scarf\r\nsecond line\r\n',
    'nocap.png': BIG_PNG,
    'empty.png': BIG_PNG,
    'empty.txt': '  \nonly a second line',
    'anim.gif': PNG,
    'anim.txt': 'ohwx, 1girl',
    'bad.png': BIG_PNG,
    'bad.txt': Buffer.from([0x72, 0x65, 0x64, 0xff, 0xfe, 0x0a]),
  };
}

/** Every file under root as path → sha256, to prove the dataset is never touched. */
function hashes(root: string): Record<string, string> {
  return Object.fromEntries(listAll(root).map((rel) => [rel, crypto.createHash('sha256').update(fs.readFileSync(path.join(root, rel))).digest('hex')]));
}

const request = (over: Partial<ExportRequest> & Pick<ExportRequest, 'to' | 'format'>): ExportRequest => ExportRequestSchema.parse(over);
const readText = (...parts: string[]) => fs.readFileSync(path.join(...parts), 'utf8');

async function exportOk(root: string, req: ExportRequest, onProgress?: (p: Progress) => void) {
  const result = await exportDataset(await Dataset.open(root), req, { onProgress });
  if (!result.ok) expect.fail(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe('exportDataset: layouts and configs', () => {
  it('kohya: <repeats>_<trigger> <class>/ with line-1 captions, exact image bytes and a dataset.toml; the dataset untouched', async () => {
    const root = tree(datasetFiles());
    const before = hashes(root);
    const to = path.join(outParent(), 'out');
    const progress: Progress[] = [];
    const r = await exportOk(root, request({ to, format: 'kohya', options: { classWord: 'woman', repeats: null, targetSteps: 100, epochs: 10, batchSize: 1, resolution: 1024, shuffleCaption: true, maxTokenLength: 75 } }), (p) => progress.push(p));

    expect(r).toEqual({
      to,
      imagesDir: path.join(to, '5_ohwx woman'),
      images: 2,
      captions: 2,
      configFile: path.join(to, 'dataset.toml'),
      skipped: [
        { id: 'anim.gif', reason: 'kohya sd-scripts does not read .gif images' },
        { id: 'bad.png', reason: expect.stringContaining('caption not exported: bad.txt') },
        { id: 'empty.png', reason: 'caption line 1 is empty' },
        { id: 'nocap.png', reason: 'no caption file' },
      ],
    });
    expect(listAll(to)).toEqual(['5_ohwx woman/a.png', '5_ohwx woman/a.txt', '5_ohwx woman/sub dir/b.jpg', '5_ohwx woman/sub dir/b.txt', 'dataset.toml']);
    // kohya copies are `trigger ||| tags ||| sentences` (keep_tokens_separator below): only the tags shuffle.
    expect(readText(r.imagesDir, 'a.txt')).toBe('ohwx ||| 1girl, smile ||| She smiles by the window.\n');
    expect(readText(r.imagesDir, 'sub dir', 'b.txt')).toBe('ohwx ||| 1boy, red scarf\n');
    expect(fs.readFileSync(path.join(r.imagesDir, 'a.png')).equals(BIG_PNG)).toBe(true);
    expect(fs.readFileSync(path.join(r.imagesDir, 'sub dir', 'b.jpg')).equals(SMALL_JPG)).toBe(true);

    const toml = parseToml(readText(r.configFile)) as { general: object; datasets: Array<{ subsets: Array<{ image_dir: string; num_repeats: number }> }> };
    expect(toml.general).toEqual({ shuffle_caption: true, caption_extension: '.txt', keep_tokens: 1 });
    // kohya does not descend into subfolders: one subset per folder.
    expect(toml.datasets[0]!.subsets).toEqual([
      { image_dir: r.imagesDir, num_repeats: 5, shuffle_caption: true, keep_tokens: 1, keep_tokens_separator: '|||', caption_extension: '.txt', class_tokens: 'ohwx woman' },
      { image_dir: path.join(r.imagesDir, 'sub dir'), num_repeats: 5, shuffle_caption: true, keep_tokens: 1, keep_tokens_separator: '|||', caption_extension: '.txt', class_tokens: 'ohwx woman' },
    ]);

    expect(hashes(root)).toEqual(before);
    expect(fs.readdirSync(path.dirname(to))).toEqual(['out']); // no staging folder left beside it
    expect(progress.at(-1)).toEqual({ phase: 'export', done: 2, total: 2 });
  });

  it('kohya without kohyaFolders puts the images in <to>/images/', async () => {
    const root = tree(datasetFiles());
    const to = path.join(outParent(), 'out');
    const r = await exportOk(root, request({ to, format: 'kohya', kohyaFolders: false }));
    expect(r.imagesDir).toBe(path.join(to, 'images'));
    expect(listAll(to)).toContain('images/a.png');
  });

  it('ai-toolkit: images/ + dataset.yaml, [trigger] placeholders, the dataset caption extension kept', async () => {
    const files = datasetFiles();
    files['.tagsmith/settings.json'] = settings({ triggerWords: ['ohwx'], captionExtension: '.caption' });
    files['a.caption'] = 'ohwx, 1girl, smile\n';
    const root = tree(files);
    const to = path.join(outParent(), 'out');
    const r = await exportOk(root, request({ to, format: 'ai-toolkit', placeholders: true }));
    expect(listAll(to)).toEqual(['dataset.yaml', 'images/a.caption', 'images/a.png']);
    expect(readText(to, 'images', 'a.caption')).toBe('[trigger], 1girl, smile\n');
    const yaml = parseYaml(readText(r.configFile));
    expect(yaml.trigger_word).toBe('ohwx');
    expect(yaml.datasets[0]).toMatchObject({ folder_path: path.join(to, 'images'), caption_ext: 'caption' });
  });

  it('OneTrainer: captions always as .txt (all it reads), concept.json pointing at images/ with subfolders on', async () => {
    const files = datasetFiles();
    files['.tagsmith/settings.json'] = settings({ triggerWords: ['ohwx'], captionExtension: '.caption' });
    files['sub dir/b.caption'] = 'ohwx, 1boy\n';
    const root = tree(files);
    const to = path.join(outParent(), 'out');
    const r = await exportOk(root, request({ to, format: 'onetrainer' }));
    expect(listAll(to)).toEqual(['concept.json', 'images/sub dir/b.jpg', 'images/sub dir/b.txt']);
    expect(readText(to, 'images', 'sub dir', 'b.txt')).toBe('ohwx, 1boy\n');
    const [concept] = JSON.parse(readText(r.configFile));
    expect(concept).toMatchObject({ path: path.join(to, 'images'), include_subdirectories: true, text: { prompt_source: 'sample', keep_tags_count: 1 } });
  });

  it('exports two images sharing one caption file with that one caption', async () => {
    const root = tree({ 'd.png': BIG_PNG, 'd.jpg': SMALL_JPG, 'd.txt': 'shared, tags' });
    const to = path.join(outParent(), 'out');
    const r = await exportOk(root, request({ to, format: 'ai-toolkit' }));
    expect(r).toMatchObject({ images: 2, captions: 1, skipped: [] });
    expect(listAll(to)).toEqual(['dataset.yaml', 'images/d.jpg', 'images/d.png', 'images/d.txt']);
  });
});

describe('exportDataset: what each trainer trains (issue 12)', () => {
  type Subset = KohyaSubsetCaption & { image_dir: string; num_repeats: number; class_tokens?: string };
  const subsetsOf = (file: string) => (parseToml(readText(file)) as unknown as { datasets: Array<{ subsets: Subset[] }> }).datasets[0]!.subsets;

  it('kohya: a 10_ohwx girl folder keeps its name and 10 repeats; a folder without the trigger gets keep_tokens 0', async () => {
    const root = tree({
      '.tagsmith/settings.json': settings({ triggerWords: ['ohwx'] }),
      'a.png': BIG_PNG,
      'a.txt': 'ohwx, 1girl, smile',
      '10_ohwx girl/b.png': BIG_PNG,
      '10_ohwx girl/b.txt': 'ohwx, 1girl, red scarf. She stands by the window, smiling.',
      'other/c.png': BIG_PNG,
      'other/c.txt': '1boy, hat. He waves, happily.',
    });
    const to = path.join(outParent(), 'out');
    const r = await exportOk(root, request({ to, format: 'kohya', options: TrainerOptionsSchema.parse({ repeats: 2 }) }));
    expect(r.imagesDir).toBe(to);
    expect(listAll(to)).toEqual(['10_ohwx girl/b.png', '10_ohwx girl/b.txt', '2_ohwx/a.png', '2_ohwx/a.txt', '2_ohwx/other/c.png', '2_ohwx/other/c.txt', 'dataset.toml']);
    // The steps count "10_ohwx girl" with its own 10, not the given 2: 2 × 2 + 1 × 10 = 14 images per epoch.
    expect(readText(r.configFile)).toContain('# Repeats: 2 repeats (given); "10_ohwx girl" keeps its 10 (1 image → 10); steps: 14 images per epoch / batch 1 × 10 epochs = 140 steps.');
    expect(readText(to, '10_ohwx girl', 'b.txt')).toBe('ohwx ||| 1girl, red scarf ||| She stands by the window, smiling.\n');
    expect(readText(to, '2_ohwx', 'other', 'c.txt')).toBe('||| 1boy, hat ||| He waves, happily.\n');
    const subsets = subsetsOf(r.configFile);
    expect(subsets.map((s) => [path.relative(to, s.image_dir), s.num_repeats, s.keep_tokens, s.class_tokens, s.shuffle_caption, s.keep_tokens_separator])).toEqual([
      // A folder named <N>_<words> keeps its words as class_tokens, as its N for the repeats.
      ['10_ohwx girl', 10, 1, 'ohwx girl', true, '|||'],
      ['2_ohwx', 2, 1, 'ohwx', true, '|||'],
      [path.join('2_ohwx', 'other'), 2, 0, undefined, true, '|||'],
    ]);
    // What kohya trains from them (its shuffle reversing the tags): trigger first, sentences whole and last.
    const reverse = (t: string[]) => t.reverse();
    expect(kohyaShuffledCaption(readText(to, '10_ohwx girl', 'b.txt').trim(), subsets[0]!, reverse)).toBe('ohwx, red scarf, 1girl, She stands by the window, smiling.');
    expect(kohyaShuffledCaption(readText(to, '2_ohwx', 'other', 'c.txt').trim(), subsets[2]!, reverse)).toBe('hat, 1boy, He waves, happily.');
  });

  it('kohya without shuffling: captions are exported as they are (no |||, which would be trained literally)', async () => {
    const root = tree({ '.tagsmith/settings.json': settings({ triggerWords: ['ohwx'] }), 'a.png': BIG_PNG, 'a.txt': 'ohwx, 1girl. She smiles, a lot.' });
    const to = path.join(outParent(), 'out');
    const r = await exportOk(root, request({ to, format: 'kohya', options: TrainerOptionsSchema.parse({ shuffleCaption: false }) }));
    expect(readText(r.imagesDir, 'a.txt')).toBe('ohwx, 1girl. She smiles, a lot.\n');
    expect(subsetsOf(r.configFile)[0]).toMatchObject({ shuffle_caption: false, keep_tokens: 1 });
    expect(subsetsOf(r.configFile)[0]).not.toHaveProperty('keep_tokens_separator');
  });

  it('ai-toolkit and OneTrainer with prose and two trigger words: no shuffling, no trigger_word, no [trigger]', async () => {
    const root = tree({ '.tagsmith/settings.json': settings({ triggerWords: ['ohwx', 'zkz style'] }), 'a.png': BIG_PNG, 'a.txt': 'ohwx, zkz style, 1girl. She smiles, a lot.' });
    const yamlOut = path.join(outParent(), 'out');
    const r = await exportOk(root, request({ to: yamlOut, format: 'ai-toolkit' }));
    const yaml = parseYaml(readText(r.configFile));
    expect(yaml).not.toHaveProperty('trigger_word');
    expect(yaml.datasets[0].shuffle_tokens).toBe(false);
    expect(readText(r.imagesDir, 'a.txt')).toBe('ohwx, zkz style, 1girl. She smiles, a lot.\n');
    expect(aiToolkitCaption(readText(r.imagesDir, 'a.txt'), []).text).toBe('ohwx,  zkz style,  1girl. She smiles,  a lot.\n');
    const placeholders = await exportDataset(await Dataset.open(root), request({ to: path.join(outParent(), 'o'), format: 'ai-toolkit', placeholders: true }));
    expect(placeholders).toMatchObject({ ok: false, error: { kind: 'invalid-argument', message: expect.stringContaining('exactly one trigger word') } });
    const ot = await exportOk(root, request({ to: path.join(outParent(), 'out'), format: 'onetrainer' }));
    const [concept] = JSON.parse(readText(ot.configFile));
    expect(concept.text).toMatchObject({ enable_tag_shuffling: false, keep_tags_count: 2 });
  });
});

describe('exportDataset: .avif (OneTrainer reads it; kohya and ai-toolkit do not)', () => {
  const avifDataset = () =>
    tree({
      '.tagsmith/settings.json': settings({ triggerWords: ['ohwx'] }),
      'a.avif': AVIF,
      'a.txt': 'ohwx, 1girl',
      'sub/b.AVIF': AVIF,
      'sub/b.txt': 'ohwx, 1boy',
      // c.avif would become c.png, which the dataset already has: the PNG is kept, the AVIF left out.
      'c.png': BIG_PNG,
      'c.avif': AVIF,
      'c.txt': 'ohwx, both',
    });

  it('OneTrainer: copied as they are, and counted in the concept', async () => {
    const root = avifDataset();
    const r = await exportOk(root, request({ to: path.join(outParent(), 'out'), format: 'onetrainer' }));
    expect(r).toMatchObject({ images: 4, skipped: [] });
    expect(fs.readFileSync(path.join(r.imagesDir, 'a.avif')).equals(AVIF)).toBe(true);
    expect(fs.readFileSync(path.join(r.imagesDir, 'sub', 'b.AVIF')).equals(AVIF)).toBe(true);
  });

  it('OneTrainer with maxSide: shrunk and still AVIF', async () => {
    const r = await exportOk(avifDataset(), request({ to: path.join(outParent(), 'out'), format: 'onetrainer', maxSide: 150 }));
    expect(await sharp(path.join(r.imagesDir, 'a.avif')).metadata()).toMatchObject({ format: 'heif', compression: 'av1', width: 150, height: 100 });
  });

  it.each(['kohya', 'ai-toolkit'] as const)('%s: converted to PNG beside the caption; one that would overwrite a PNG is skipped with the reason', async (format) => {
    const root = avifDataset();
    const before = hashes(root);
    const r = await exportOk(root, request({ to: path.join(outParent(), 'out'), format, kohyaFolders: false }));
    expect(r.images).toBe(3);
    expect(r.skipped).toEqual([{ id: 'c.avif', reason: `${format === 'kohya' ? 'kohya sd-scripts' : 'ai-toolkit'} does not read it and its PNG copy would overwrite c.png` }]);
    expect(listAll(r.imagesDir)).toEqual(['a.png', 'a.txt', 'c.png', 'c.txt', 'sub/b.png', 'sub/b.txt']);
    expect(await sharp(path.join(r.imagesDir, 'a.png')).metadata()).toMatchObject({ format: 'png', width: 300, height: 200 });
    expect(fs.readFileSync(path.join(r.imagesDir, 'c.png')).equals(BIG_PNG)).toBe(true);
    expect(hashes(root)).toEqual(before);
  });

  it('kohya with maxSide: converted and shrunk', async () => {
    const r = await exportOk(avifDataset(), request({ to: path.join(outParent(), 'out'), format: 'kohya', kohyaFolders: false, maxSide: 120 }));
    expect(await sharp(path.join(r.imagesDir, 'sub', 'b.png')).metadata()).toMatchObject({ format: 'png', width: 120, height: 80 });
  });
});

describe('exportDataset: maxSide', () => {
  it('shrinks larger images in their own format, copies smaller ones byte for byte, bakes in EXIF rotation, skips unreadable ones', async () => {
    const root = tree({
      'big.png': BIG_PNG, 'big.txt': 'a',
      'small.jpg': SMALL_JPG, 'small.txt': 'b',
      'turned.jpg': ROTATED_JPG, 'turned.txt': 'c',
      'broken.png': PNG, 'broken.txt': 'd',
    });
    const before = hashes(root);
    const to = path.join(outParent(), 'out');
    const r = await exportOk(root, request({ to, format: 'kohya', kohyaFolders: false, maxSide: 150 }));
    expect(r.images).toBe(3);
    expect(r.skipped).toEqual([{ id: 'broken.png', reason: expect.stringMatching(/^cannot (read|resize) the image/) }]);
    expect(listAll(to)).not.toContain('images/broken.txt');

    const meta = (name: string) => sharp(path.join(r.imagesDir, name)).metadata();
    expect(await meta('big.png')).toMatchObject({ format: 'png', width: 150, height: 100 });
    expect(fs.readFileSync(path.join(r.imagesDir, 'small.jpg')).equals(SMALL_JPG)).toBe(true);
    const turned = await meta('turned.jpg');
    expect(turned).toMatchObject({ format: 'jpeg', width: 100, height: 150 });
    expect(turned.orientation ?? 1).toBe(1);
    expect(hashes(root)).toEqual(before);
  });
});

describe('exportDataset: EXIF orientation', () => {
  it('kohya (which ignores the tag) gets the turn baked into the pixels; upright images and the other trainers stay byte for byte', async () => {
    const root = tree({ 'turned.jpg': ROTATED_JPG, 'turned.txt': 'c', 'small.jpg': SMALL_JPG, 'small.txt': 'b' });
    const kohya = await exportOk(root, request({ to: path.join(outParent(), 'out'), format: 'kohya', kohyaFolders: false }));
    const turned = await sharp(path.join(kohya.imagesDir, 'turned.jpg')).metadata();
    expect(turned).toMatchObject({ format: 'jpeg', width: 200, height: 300 });
    expect(turned.orientation ?? 1).toBe(1);
    expect(fs.readFileSync(path.join(kohya.imagesDir, 'small.jpg')).equals(SMALL_JPG)).toBe(true);

    const kept = await exportOk(root, request({ to: path.join(outParent(), 'out'), format: 'kohya', kohyaFolders: false, bakeRotation: false }));
    expect(fs.readFileSync(path.join(kept.imagesDir, 'turned.jpg')).equals(ROTATED_JPG)).toBe(true);
    for (const format of ['ai-toolkit', 'onetrainer'] as const) {
      const r = await exportOk(root, request({ to: path.join(outParent(), 'out'), format }));
      expect(fs.readFileSync(path.join(r.imagesDir, 'turned.jpg')).equals(ROTATED_JPG), format).toBe(true);
    }
  });
});

describe('exportDataset: refusals', () => {
  it('refuses a destination that is not empty and leaves it as it was', async () => {
    const root = tree(datasetFiles());
    const to = path.join(outParent(), 'out');
    fs.mkdirSync(to);
    fs.writeFileSync(path.join(to, 'keep.txt'), 'mine');
    const result = await exportDataset(await Dataset.open(root), request({ to, format: 'kohya' }));
    expect(result).toEqual({ ok: false, error: { kind: 'invalid-destination', message: `${to} is not empty; export into a new or empty folder` } });
    expect(listAll(to)).toEqual(['keep.txt']);
    expect(fs.readdirSync(path.dirname(to))).toEqual(['out']);
  });

  it('accepts an existing empty folder', async () => {
    const root = tree(datasetFiles());
    const to = path.join(outParent(), 'out');
    fs.mkdirSync(to);
    expect((await exportOk(root, request({ to, format: 'onetrainer' }))).images).toBe(2);
  });

  it('refuses the dataset itself, a folder inside it, and one that reaches it through a symlink', async () => {
    const root = tree(datasetFiles());
    const dataset = await Dataset.open(root);
    const before = hashes(root);
    const kindOf = async (to: string) => {
      const r = await exportDataset(dataset, request({ to, format: 'kohya' }));
      return r.ok ? 'ok' : `${r.error.kind}: ${r.error.message}`;
    };
    expect(await kindOf(root)).toBe(`invalid-destination: ${root} is the dataset folder; export to a folder outside it`);
    expect(await kindOf(path.join(root, 'new', 'out'))).toBe(`invalid-destination: ${path.join(root, 'new', 'out')} is inside the dataset ${root}; export to a folder outside it`);
    const link = path.join(outParent(), 'link');
    fs.symlinkSync(path.join(root, 'sub dir'), link);
    expect(await kindOf(path.join(link, 'out'))).toMatch(/^invalid-destination: .* is inside the dataset/);
    expect(hashes(root)).toEqual(before);
  });

  it('refuses a file, a relative path, placeholders for kohya, and a dataset with nothing to export', async () => {
    const root = tree(datasetFiles());
    const dataset = await Dataset.open(root);
    const file = path.join(outParent(), 'file');
    fs.writeFileSync(file, 'x');
    const error = async (req: ExportRequest, ds = dataset) => {
      const r = await exportDataset(ds, req);
      return r.ok ? null : r.error;
    };
    expect(await error(request({ to: file, format: 'kohya' }))).toEqual({ kind: 'invalid-destination', message: `${file} exists and is not a folder` });
    const dangling = path.join(outParent(), 'dangling');
    fs.symlinkSync(path.join(outParent(), 'gone'), dangling);
    expect(await error(request({ to: dangling, format: 'kohya' }))).toMatchObject({ kind: 'invalid-destination', message: expect.stringMatching(/^cannot use .*dangling as the export destination \(ENOENT/) });
    expect(await error(request({ to: 'rel/out', format: 'kohya' }))).toEqual({ kind: 'invalid-destination', message: 'export destination must be an absolute path: rel/out' });
    expect(await error(request({ to: path.join(outParent(), 'o'), format: 'kohya', placeholders: true }))).toEqual({
      kind: 'invalid-argument',
      message: '[trigger] placeholders are for ai-toolkit only: kohya sd-scripts would train on the literal text',
    });
    // ai-toolkit's get_config would turn these into another path (or stop on an unset variable).
    for (const name of ['exp [name] set', 'env ${NOT_SET} set']) {
      expect(await error(request({ to: path.join(outParent(), name), format: 'ai-toolkit' }))).toMatchObject({
        kind: 'invalid-argument',
        message: expect.stringMatching(/^ai-toolkit would not find the export: its path holds "(\[name\]|\$\{…\})"/),
      });
    }
    const bare = await Dataset.open(tree({ 'x.png': BIG_PNG }));
    const parent = outParent();
    expect(await error(request({ to: path.join(parent, 'o'), format: 'ai-toolkit' }), bare)).toEqual({
      kind: 'nothing-to-export',
      message: 'nothing to export: no image has a caption that ai-toolkit would read',
    });
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('fails without touching a destination another program fills meanwhile, and removes its staging folder', async () => {
    const root = tree(datasetFiles());
    const parent = outParent();
    const to = path.join(parent, 'out');
    const intruder = () => {
      fs.mkdirSync(to, { recursive: true });
      fs.writeFileSync(path.join(to, 'theirs.txt'), 'theirs');
    };
    const result = await exportDataset(await Dataset.open(root), request({ to, format: 'kohya' }), { onProgress: intruder });
    expect(result).toEqual({ ok: false, error: { kind: 'io', message: `export to ${to} failed: ${to} was created by another program meanwhile; nothing was exported there` } });
    expect(listAll(to)).toEqual(['theirs.txt']);
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });
});
