import crypto from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { parse as parseToml } from 'smol-toml';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { tagsmith } from './helpers/cli.ts';

// `tagsmith export` and `tagsmith trainer-config` end to end: real processes on real folders.
let base: string;
let root: string;
let BIG: Buffer; // 400 × 300 PNG
let SMALL: Buffer; // 64 × 48 JPEG

beforeAll(async () => {
  BIG = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#aa2222' } }).png().toBuffer();
  SMALL = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2222aa' } }).jpeg().toBuffer();
});

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'tagsmith-export-cli-'));
  root = join(base, 'dataset');
  await mkdir(join(root, 'nested', 'deeper'), { recursive: true });
  await mkdir(join(root, '.tagsmith'));
  const files: Record<string, string | Buffer> = {
    '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: ['ohwx'] }),
    'a.png': BIG,
    'a.txt': 'ohwx, 1girl, kneeling, low angle. She kneels on the floor.\nkept out of the export\n',
    'nested/deeper/b.jpg': SMALL,
    'nested/deeper/b.txt': '\uFEFFohwx, 1girl, standing\r\n',
    'uncaptioned.png': BIG,
  };
  for (const [rel, content] of Object.entries(files)) await writeFile(join(root, rel), content);
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = join(entry.parentPath, entry.name);
    out[abs.slice(dir.length + 1)] = crypto.createHash('sha256').update(await readFile(abs)).digest('hex');
  }
  return out;
}
const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('tagsmith export', () => {
  it('kohya: the folder layout, exact image bytes, line-1 captions and a dataset.toml; the dataset untouched', async () => {
    const before = await tree(root);
    const out = join(base, 'out');
    const r = await tagsmith(['export', root, '--to', out, '--format', 'kohya', '--class', 'woman', '--repeats', '3', '--epochs', '4']);
    expect(r.stderr).toBe('skipped: uncaptioned.png: no caption file\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `exported 2 images and 2 captions for kohya sd-scripts to ${out}`,
        `  images  ${join(out, '3_ohwx woman')}`,
        `  config  ${join(out, 'dataset.toml')}`,
        '  skipped 1 (listed on stderr)',
        '',
      ].join('\n'),
    );
    const files = await tree(out);
    expect(Object.keys(files).sort()).toEqual(['3_ohwx woman/a.png', '3_ohwx woman/a.txt', '3_ohwx woman/nested/deeper/b.jpg', '3_ohwx woman/nested/deeper/b.txt', 'dataset.toml']);
    expect(files['3_ohwx woman/a.png']).toBe(sha(BIG));
    expect(files['3_ohwx woman/nested/deeper/b.jpg']).toBe(sha(SMALL));
    expect(await readFile(join(out, '3_ohwx woman', 'a.txt'), 'utf8')).toBe('ohwx ||| 1girl, kneeling, low angle ||| She kneels on the floor.\n');
    expect(await readFile(join(out, '3_ohwx woman', 'nested', 'deeper', 'b.txt'), 'utf8')).toBe('ohwx ||| 1girl, standing\n');
    const toml = parseToml(await readFile(join(out, 'dataset.toml'), 'utf8')) as { general: object; datasets: Array<{ subsets: Array<{ image_dir: string; num_repeats: number; class_tokens: string }> }> };
    expect(toml.general).toEqual({ shuffle_caption: true, caption_extension: '.txt', keep_tokens: 1 });
    expect(toml.datasets[0]!.subsets).toMatchObject([
      { image_dir: join(out, '3_ohwx woman'), num_repeats: 3, class_tokens: 'ohwx woman' },
      { image_dir: join(out, '3_ohwx woman', 'nested', 'deeper'), num_repeats: 3 },
    ]);
    expect(await tree(root)).toEqual(before);
  });

  it('ai-toolkit with placeholders and --max-side, as JSON', async () => {
    const before = await tree(root);
    const out = join(base, 'out');
    const r = await tagsmith(['export', root, '--to', out, '--format', 'ai-toolkit', '--placeholders', '--max-side', '200', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      to: out,
      imagesDir: join(out, 'images'),
      images: 2,
      captions: 2,
      skipped: [{ id: 'uncaptioned.png', reason: 'no caption file' }],
      configFile: join(out, 'dataset.yaml'),
    });
    expect(await readFile(join(out, 'images', 'a.txt'), 'utf8')).toBe('[trigger], 1girl, kneeling, low angle. She kneels on the floor.\n');
    expect(await sharp(join(out, 'images', 'a.png')).metadata()).toMatchObject({ format: 'png', width: 200, height: 150 });
    expect(sha(await readFile(join(out, 'images', 'nested', 'deeper', 'b.jpg')))).toBe(sha(SMALL)); // small enough: copied as is
    const yaml = parseYaml(await readFile(join(out, 'dataset.yaml'), 'utf8'));
    expect(yaml).toMatchObject({ trigger_word: 'ohwx', datasets: [{ folder_path: join(out, 'images'), caption_ext: 'txt' }] });
    expect(await tree(root)).toEqual(before);
  });

  it('OneTrainer into an existing empty folder: concept.json beside images/', async () => {
    const out = join(base, 'empty');
    await mkdir(out);
    const r = await tagsmith(['export', root, '--to', out, '--format', 'onetrainer', '--steps', '100', '--epochs', '5', '--batch-size', '2']);
    expect(r.code).toBe(0);
    const [concept] = JSON.parse(await readFile(join(out, 'concept.json'), 'utf8'));
    expect(concept).toMatchObject({ path: join(out, 'images'), balancing: 20, include_subdirectories: true, text: { prompt_source: 'sample', keep_tags_count: 1 } });
  });

  it('refuses a destination that is not empty (exit 1) and changes nothing', async () => {
    const out = join(base, 'busy');
    await mkdir(out);
    await writeFile(join(out, 'mine.txt'), 'mine');
    const r = await tagsmith(['export', root, '--to', out, '--format', 'kohya']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tagsmith: ${out} is not empty; export into a new or empty folder\n`);
    expect(Object.keys(await tree(out))).toEqual(['mine.txt']);
    expect((await readdir(base)).sort()).toEqual(['busy', 'dataset']);
  });

  // Issue 13: the CLI exports wherever the user says, but never copies a file from outside the dataset.
  it.skipIf(process.platform === 'win32')('skips an image that is a symlink out of the dataset, with the reason on stderr', async () => {
    const secret = join(base, 'secret.png');
    await writeFile(secret, SMALL);
    await symlink(secret, join(root, 'linked.png'));
    await writeFile(join(root, 'linked.txt'), 'ohwx, from outside');
    const out = join(base, 'out');
    const r = await tagsmith(['export', root, '--to', out, '--format', 'onetrainer']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('skipped: uncaptioned.png: no caption file\nskipped: linked.png: a symbolic link to a file outside the dataset; not exported\n');
    expect(Object.keys(await tree(out)).sort()).toEqual(['concept.json', 'images/a.png', 'images/a.txt', 'images/nested/deeper/b.jpg', 'images/nested/deeper/b.txt']);
  });

  it('usage errors exit 2 and write nothing', async () => {
    const out = join(base, 'out');
    // Started together: each is a process start and an early exit, so two cores overlap them well.
    const results = await Promise.all([
      tagsmith(['export', root, '--to', out, '--format', 'kohya', '--repeats', '2', '--steps', '100']),
      tagsmith(['export', root, '--to', out, '--format', 'kohya', '--placeholders']),
      tagsmith(['export', root, '--to', out, '--format', 'kohya', '--epochs', '0']),
      tagsmith(['trainer-config', root]),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results.map((r) => r.stderr)).toEqual([
      "tagsmith: option '--repeats <n>' cannot be used with option '--steps <n>'\n",
      'tagsmith: --placeholders is for --format ai-toolkit only\n',
      'tagsmith: --epochs: Too small: expected number to be >=1\n',
      'tagsmith: trainer-config: give --format kohya|ai-toolkit|onetrainer (or --json for all three)\n',
    ]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('tagsmith trainer-config', () => {
  it('prints the chosen config for the folder as it is, or all of them as JSON', async () => {
    const [toml, json] = await Promise.all([
      tagsmith(['trainer-config', root, '--format', 'kohya', '--repeats', '6']),
      tagsmith(['trainer-config', root, '--json', '--steps', '40', '--epochs', '2']),
    ]);
    expect(toml.code).toBe(0);
    const config = parseToml(toml.stdout) as { datasets: Array<{ subsets: Array<{ image_dir: string; num_repeats: number }> }> };
    expect(config.datasets[0]!.subsets.map((s) => [s.image_dir, s.num_repeats])).toEqual([[root, 6], [join(root, 'nested', 'deeper'), 6]]);
    expect(json.code).toBe(0);
    // kohya loads uncaptioned.png too (on its class tokens): 3 images, so 7 repeats, not 10 on the 2 captioned.
    expect(JSON.parse(json.stdout)).toMatchObject({
      plans: {
        kohya: {
          images: 3,
          repeats: 7,
          repeatsReason: 'kohya loads 3 images (1 uncaptioned trains on its class tokens): 40 steps × batch 1 / (3 images × 2 epochs) → 7 repeats (42 steps)',
        },
      },
      kohyaFolder: '7_ohwx',
    });
    // The config alone on stdout; what was counted on stderr.
    expect(toml.stderr).toContain('kohya loads 3 images (1 uncaptioned trains on its class tokens): 6 repeats (given)');
  });
});
