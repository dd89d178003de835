import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagsmith } from './helpers/cli.ts';
import { writeTree } from './helpers/dataset-fixture.ts';

// `tagsmith check --fix` and `--max-tokens` end to end: the real CLI as a process.
let work: string;
let seq = 0;
/** A real image at the default training resolution, so the check's image findings stay out of the way. */
let IMG: Buffer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tagsmith-check-fix-cli-'));
  IMG = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#808080' } }).png().toBuffer();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function dataset(files: Record<string, string | Uint8Array>): Promise<string> {
  seq += 1;
  return writeTree(join(work, `set-${seq}`), files);
}

/** Every file outside .tagsmith/ with its bytes (hex), to compare before a fix and after its undo. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const names = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile() && !join(d.parentPath, d.name).includes('.tagsmith'))
    .map((d) => join(d.parentPath, d.name).slice(root.length + 1))
    .sort();
  const out: Record<string, string> = {};
  for (const n of names) out[n] = (await readFile(join(root, n))).toString('hex');
  return out;
}

const BOM = '\uFEFF';

const defective = () => ({
  'a.png': IMG,
  'a.txt': `${BOM}ohwx, smile\r\n`,
  'b.png': IMG,
  'b.caption': 'ohwx, b\n',
  'c.png': IMG,
  'c.txt': '',
  'd.png': IMG,
  'd.caption': 'old',
  'd.txt': 'ohwx, d',
});

describe('tagsmith check --fix', () => {
  it('--dry-run shows what would change and writes nothing', async () => {
    const root = await dataset(defective());
    const before = await snapshot(root);
    const r = await tagsmith(['check', root, '--trainer', 'kohya', '--fix', 'bom,caption-ext,empty-files', '--dry-run']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      [
        'a.txt: BOM stripped',
        'b.caption -> b.txt',
        'c.txt: removed (0 bytes)',
        'left as it is: d.caption: d.txt exists and is the one the trainer reads; left as it is',
        'dry run: would strip the BOM from 1 file, rename 1 .caption file to .txt, remove 1 0-byte caption file; nothing written',
        '',
      ].join('\n'),
    );
    expect(await snapshot(root)).toEqual(before);

    const json = await tagsmith(['check', root, '--trainer', 'kohya', '--fix', 'caption-ext', '--dry-run', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: true, fix: { counts: { 'caption-ext': 1 }, changes: [{ path: 'b.caption', to: 'b.txt', images: ['b.png'] }] } });
    expect(await snapshot(root)).toEqual(before);
  });

  it('fixes as one journal entry, prints the check after it, and `tagsmith undo` restores every byte and name', async () => {
    const root = await dataset(defective());
    const before = await snapshot(root);
    const blocked = await tagsmith(['check', root, '--trainer', 'kohya']);
    expect(blocked.code).toBe(1);

    const r = await tagsmith(['check', root, '--trainer', 'kohya', '--fix', 'bom,caption-ext,empty-files']);
    expect(r.stdout).toContain('fixed: stripped the BOM from 1 file, renamed 1 .caption file to .txt, removed 1 0-byte caption file (journal entry 0000000001; undo with: tagsmith undo');
    expect(r.stdout).toContain('  b.caption -> b.txt\n');
    // The check that follows sees the fixed folder: no blocker, so exit 0.
    expect(r.stdout).toMatch(/kohya sd-scripts \(captions \.txt\) loads 4 images: 3 with a caption, 1 uncaptioned/);
    expect(r.stdout).not.toContain('caption-file-empty');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(Object.keys(await snapshot(root))).toEqual(['a.png', 'a.txt', 'b.png', 'b.txt', 'c.png', 'd.caption', 'd.png', 'd.txt']);
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('ohwx, smile\r\n');

    const history = await tagsmith(['history', root]);
    expect(history.stdout.trim().split('\n')).toHaveLength(1);
    const undo = await tagsmith(['undo', root]);
    expect(undo.code).toBe(0);
    expect(await snapshot(root)).toEqual(before);
  });

  it('rejects unknown fixes, --dry-run alone and a rename for a trainer that reads .caption (exit 2)', async () => {
    const root = await dataset({ 'a.png': IMG, 'a.caption': 'ohwx' });
    const before = await snapshot(root);
    const unknown = await tagsmith(['check', root, '--trainer', 'kohya', '--fix', 'bom,everything']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown fix everything; choose from bom, caption-ext, empty-files');
    expect((await tagsmith(['check', root, '--trainer', 'kohya', '--dry-run'])).code).toBe(2);
    expect((await tagsmith(['check', root, '--trainer', 'kohya', '--caption-ext', '.caption', '--fix', 'caption-ext'])).code).toBe(2);
    expect((await tagsmith(['check', root, '--trainer', 'kohya', '--max-tokens', '100'])).code).toBe(2);
    expect(await snapshot(root)).toEqual(before);
  });
});

describe('tagsmith check --max-tokens', () => {
  // `red` and `,` are one CLIP token each: 40 tags cost 79 tokens, 80 tags 159.
  const tags = (n: number) => Array.from({ length: n }, () => 'red').join(', ');

  it('warns about captions over the limit, 75 by default', async () => {
    const root = await dataset({ 'a.png': IMG, 'a.txt': tags(40), 'b.png': IMG, 'b.txt': tags(80), 'c.png': IMG, 'c.txt': tags(10) });
    const at75 = await tagsmith(['check', root, '--trainer', 'kohya']);
    expect(at75.code).toBe(0);
    expect(at75.stdout).toContain('over-token-limit: over the 75-token limit (CLIP): the text past it is cut off and not trained; most: 159 tokens (b.png) (2 images)\n    a.png, b.png');
    const at150 = await tagsmith(['check', root, '--trainer', 'kohya', '--max-tokens', '150']);
    expect(at150.stdout).toMatch(/over the 150-token limit .*most: 159 tokens \(b\.png\) \(1 image\)\n {4}b\.png\n/);
    const at225 = await tagsmith(['check', root, '--trainer', 'kohya', '--max-tokens', '225']);
    expect(at225.stdout).toContain('no findings');
  });
});
