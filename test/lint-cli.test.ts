import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOf, picture } from '../electron/core/lint/testing/pictures.ts';
import { LintReportSchema } from '../shared/lint/types.ts';
import { variedDataset } from '../shared/lint/testing/generated-captions.ts';
import { tagsmith } from './helpers/cli.ts';
import { writeTree } from './helpers/dataset-fixture.ts';

// `tagsmith lint` end to end: real processes on generated pictures and captions. Every run gets a
// temporary XDG_CACHE_HOME (never the real cache) and an empty hub cache (no user CLIP vocabulary), so
// the token counter is CLIP's tokenizer with the vocabulary shipped in models/clip/ on every machine.
let work: string;
let env: NodeJS.ProcessEnv;
let seq = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tagsmith-lint-cli-'));
  await mkdir(join(work, 'hub'));
  env = { XDG_CACHE_HOME: join(work, 'xdg'), HF_HUB_CACHE: join(work, 'hub'), TAGSMITH_CLIP_VOCAB: '' };
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function dataset(files: Record<string, string | Uint8Array>): Promise<string> {
  seq += 1;
  return writeTree(join(work, `set-${seq}`), files);
}

/** Five different pictures with clean, varied captions that no rule objects to (trigger ohwx). */
async function cleanSet(): Promise<Record<string, string | Uint8Array>> {
  const files: Record<string, string | Uint8Array> = {
    '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: ['ohwx'] }),
  };
  const captions = variedDataset(5, 7);
  for (const [i, item] of captions.entries()) {
    files[`img_${i}.png`] = await picture(31 + i);
    files[`img_${i}.txt`] = item.caption!;
  }
  return files;
}

/** The clean set plus a half-size JPEG copy of img_0 with its own caption, img_3 captioned like img_1, and a truncated image. */
async function flawedSet(): Promise<Record<string, string | Uint8Array>> {
  const files = await cleanSet();
  files['copies/img_0 small.jpg'] = await copyOf(files['img_0.png'] as Uint8Array as Buffer, { scale: 0.5, format: 'jpeg', quality: 70 });
  files['copies/img_0 small.txt'] = variedDataset(1, 99)[0]!.caption!;
  files['img_3.txt'] = files['img_1.txt']!;
  files['broken.png'] = (files['img_1.png'] as Buffer).subarray(0, 300);
  return files;
}

describe('tagsmith lint', () => {
  it('prints findings grouped by rule, errors first, then the summary, or the report as JSON; exits 1 on an error', async () => {
    const root = await dataset(await flawedSet());
    const r = await tagsmith(['lint', root], { env });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      expect.stringMatching(/^tagsmith: warning: 1 image\(s\) could not be read and were not compared: broken\.png: image data is corrupt/),
      'tagsmith: caption errors found (duplicate-image)',
      '',
    ]);

    const out = r.stdout;
    expect(out.split('\n')[0]).toBe(root);
    expect(out).toMatch(/\nduplicate-image: 2 images\n {2}error: .+\n {4}copies\/img_0 small\.jpg, img_0\.png\n/);
    expect(out).toMatch(/\nidentical: 2 images\n {2}warning: .+\n {4}img_1\.png, img_3\.png\n/);
    expect(out.indexOf('duplicate-image:')).toBeLessThan(out.indexOf('identical:'));
    expect(out).toMatch(/\nverdict: .+\n {2}7 images, 6 captioned; unique tag sets \d+%; mean similarity \d\.\d\d; \d+ distinct tags, \d+\.\d per caption\n/);
    expect(out).toMatch(/tokens counted with CLIP's tokenizer; duplicate pictures checked\n$/);

    // Hashes are cached in the cache folder, and nothing but .tagsmith/ is added to the dataset.
    expect(readdirSync(join(work, 'xdg', 'tagsmith', 'thumbnails', 'image-hashes')).length).toBeGreaterThan(0);
    expect(readdirSync(root).sort()).toEqual(['.tagsmith', 'broken.png', 'copies', ...[0, 1, 2, 3, 4].flatMap((i) => [`img_${i}.png`, `img_${i}.txt`])].sort());

    // --json: the LintReport itself (this second run reads the hashes from the cache).
    const json = await tagsmith(['lint', root, '--json'], { env });
    expect(json.code, json.stderr).toBe(1);
    const report = LintReportSchema.parse(JSON.parse(json.stdout));
    expect(report).toMatchObject({ tokenizer: 'clip-bpe', imageHashes: 'done' });
    expect(report.findings.find((f) => f.rule === 'duplicate-image')).toMatchObject({ severity: 'error', images: ['copies/img_0 small.jpg', 'img_0.png'] });
    expect(report.counts.identical).toBe(2);
    expect(report.summary.images).toBe(7);
  });

  it('--no-images skips the pictures: no duplicate-image finding, no cache, exit 0 on warnings only', async () => {
    const root = await dataset(await flawedSet());
    const xdg = join(work, 'xdg-unused');
    const r = await tagsmith(['lint', root, '--no-images', '--json'], { env: { ...env, XDG_CACHE_HOME: xdg } });
    expect(r.code, r.stderr).toBe(0);
    const report = LintReportSchema.parse(JSON.parse(r.stdout));
    expect(report.imageHashes).toBe('off');
    expect(report.findings.map((f) => f.rule)).toContain('identical');
    expect(report.findings.map((f) => f.rule)).not.toContain('duplicate-image');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(existsSync(xdg)).toBe(false);
  });

  it('--rule reports only the rules named, and only their errors set the exit code', async () => {
    const root = await dataset(await flawedSet());
    const r = await tagsmith(['lint', root, '--rule', 'identical', 'empty'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nidentical: 2 images\n/);
    expect(r.stdout).not.toMatch(/duplicate-image/);
    expect(r.stdout).toMatch(/duplicate pictures not checked\n$/);
  });

  it('says "no findings" and exits 0 for a clean set', async () => {
    const root = await dataset(await cleanSet());
    const r = await tagsmith(['lint', root, '--no-images'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^.+\n\nno findings\n\nverdict: /);
  });

  it('lists the first images of a long finding, and warns about an unusable CLIP vocabulary', async () => {
    const files: Record<string, string | Uint8Array> = {};
    for (let i = 0; i < 8; i++) {
      files[`img_${i}.png`] = await picture(50 + i, 32, 24);
      files[`img_${i}.txt`] = 'ohwx, 1girl, standing, eye level, full body, red dress. She stands. She smiles. She waves.';
    }
    const root = await dataset(files);
    const r = await tagsmith(['lint', root, '--no-images'], { env: { ...env, TAGSMITH_CLIP_VOCAB: join(work, 'no-such-vocab') } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('\n    img_0.png, img_1.png, img_2.png, img_3.png, img_4.png and 3 more\n');
    expect(r.stderr).toMatch(/^tagsmith: warning: CLIP vocabulary skipped: TAGSMITH_CLIP_VOCAB=.*no-such-vocab .+\n$/);
  });

  it('exits 2 on usage errors', async () => {
    const [bad, missing] = await Promise.all([tagsmith(['lint', work, '--rule', 'nope'], { env }), tagsmith(['lint'], { env })]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tagsmith: option '--rule <id\.\.\.>' argument 'nope' is invalid\. Allowed choices are identical, /);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("tagsmith: missing required argument 'dir'\n");
  });
});
