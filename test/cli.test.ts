import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TINY_PNG } from './helpers/dataset-fixture.ts';
import { tagsmith } from './helpers/cli.ts';

// The CLI end to end: real processes on real folders. Every case checks bytes on disk, not just output.
let root: string;

const files: Record<string, string | Buffer> = {
  'a.png': TINY_PNG,
  'a.txt': 'ohwx, 1girl, smile, red dress, indoors. She stands by a window, smiling.\n',
  'b.jpg': TINY_PNG,
  'b.txt': '\uFEFF1girl, hatsune_miku_(cosplay), ^_^, red ribbon\r\nsecond line kept\r\n',
  'c.webp': TINY_PNG,
  'sub dir/d #1.PNG': TINY_PNG,
  'sub dir/d #1.txt': '1girl, long_hair, blue sky',
  'sub dir/größe 100%.png': TINY_PNG,
  'sub dir/größe 100%.txt': '1girl, =_=, kneeling, low angle',
  'orphan.txt': 'no image for me',
  'bad.png': TINY_PNG,
  'bad.txt': Buffer.from([0x72, 0x65, 0x64, 0x2c, 0x20, 0xff, 0xfe, 0x0a]),
};

async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string, prefix: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const rel = prefix + entry.name;
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${rel}/`);
      else out[rel] = (await readFile(join(dir, entry.name))).toString('hex');
    }
  };
  await walk(root, '');
  return out;
}
const read = (rel: string) => readFile(join(root, rel), 'utf8');

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tagsmith-cli-'));
  await mkdir(join(root, 'sub dir'));
  for (const [rel, content] of Object.entries(files)) await writeFile(join(root, rel), content);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('tagsmith stats', () => {
  it('counts images, captions, orphans, unreadable files and tag frequencies', async () => {
    const r = await tagsmith(['stats', root, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.images).toBe(6);
    expect(s.captioned).toBe(4);
    expect(s.orphanCaptions).toEqual(['orphan.txt']);
    expect(s.unreadableCaptions.map((u: { path: string }) => u.path)).toEqual(['bad.txt']);
    expect(s.uncaptioned).toBe(1);
    const count = (tag: string) => s.tags.find((t: { tag: string }) => t.tag === tag)?.count;
    expect(count('1girl')).toBe(4);
    expect(count('hatsune_miku_(cosplay)')).toBe(1);
    expect(count('^_^')).toBe(1);
    expect(count('=_=')).toBe(1);
  });

  it('prints a readable summary', async () => {
    const r = await tagsmith(['stats', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/images\s+6/);
    expect(r.stdout).toMatch(/orphan captions\s+1/);
    expect(r.stdout).toMatch(/4\s+1girl/);
  });

  it('counts reviewed images (marks of images that are gone do not count)', async () => {
    await mkdir(join(root, '.tagsmith'));
    await writeFile(join(root, '.tagsmith/review.json'), JSON.stringify({ version: 1, reviewed: ['a.png', 'c.webp', 'gone.png'] }));
    const json = JSON.parse((await tagsmith(['stats', root, '--json'])).stdout);
    expect(json.reviewed).toBe(2);
    const r = await tagsmith(['stats', root]);
    expect(r.stdout).toMatch(/^ {2}reviewed +2$/m);
  });

  it('prints reviewed 0 for a dataset nobody reviewed', async () => {
    expect((await tagsmith(['stats', root])).stdout).toMatch(/^ {2}reviewed +0$/m);
  });

  it('opening a dataset changes no caption byte', async () => {
    const before = await snapshot();
    await tagsmith(['stats', root]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('tagsmith edit', () => {
  it('replaces text only in the filtered captions, leaving every other byte alone', async () => {
    const before = await snapshot();
    const r = await tagsmith(['edit', root, '--filter', 'tag:"red dress"', '--replace-text', 'red=crimson']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1 of 1 captions changed/);
    expect(await read('a.txt')).toBe('ohwx, 1girl, smile, crimson dress, indoors. She stands by a window, smiling.\n');
    const after = await snapshot();
    for (const rel of Object.keys(before)) if (rel !== 'a.txt') expect(after[rel], rel).toBe(before[rel]);
  });

  it('keeps BOM, CRLF and the lines after the first when line 1 is edited', async () => {
    const r = await tagsmith(['edit', root, '--filter', 'file:b.jpg', '--remove', 'red ribbon']);
    expect(r.code, r.stderr).toBe(0);
    expect(await read('b.txt')).toBe('\uFEFF1girl, hatsune_miku_(cosplay), ^_^\r\nsecond line kept\r\n');
  });

  it('runs ops in the order given, as one journal entry', async () => {
    const r = await tagsmith(['edit', root, '--filter', 'file:a.png', '--remove', 'smile', '--add', 'smile', '--at', 'start', '--add', 'from side']);
    expect(r.code, r.stderr).toBe(0);
    expect(await read('a.txt')).toBe('smile, ohwx, 1girl, red dress, indoors, from side. She stands by a window, smiling.\n');
    const h = JSON.parse((await tagsmith(['history', root, '--json'])).stdout);
    expect(h.entries).toHaveLength(1);
  });

  it('--trigger leaves uncaptioned images uncaptioned; removing it again deletes no file it did not create, and leaves none empty', async () => {
    await writeFile(join(root, 'e.png'), TINY_PNG);
    await writeFile(join(root, 'e.txt'), 'smile');
    let r = await tagsmith(['edit', root, '--trigger', 'ohwx', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(root, 'c.txt'))).toBe(false);
    expect(await read('e.txt')).toBe('ohwx, smile');
    r = await tagsmith(['edit', root, '--remove', 'smile', '--remove', 'ohwx', '--filter', 'file:e.png']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(root, 'e.txt'))).toBe(false);
    expect((await tagsmith(['undo', root])).code).toBe(0);
    expect(await read('e.txt')).toBe('ohwx, smile');
  });

  it('--trigger puts the word first, records it, and it stays first through a sort', async () => {
    let r = await tagsmith(['edit', root, '--trigger', 'ohwx']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/trigger words: ohwx/);
    expect(await read('sub dir/d #1.txt')).toBe('ohwx, 1girl, long_hair, blue sky');
    r = await tagsmith(['edit', root, '--sort', 'alpha']);
    expect(r.code, r.stderr).toBe(0);
    expect(await read('sub dir/d #1.txt')).toBe('ohwx, 1girl, blue sky, long_hair');
    const s = JSON.parse((await tagsmith(['stats', root, '--json'])).stdout);
    expect(s.triggerWords).toEqual(['ohwx']);
  });

  it('creates a caption for an uncaptioned image only with --create-missing, and undo removes it again', async () => {
    let r = await tagsmith(['edit', root, '--filter', 'missing:caption', '--add', 'abstract']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^0 of 2 captions changed/);
    expect(r.stderr).toContain('1 image(s) without a caption left alone (--create-missing creates theirs)\n');
    expect(existsSync(join(root, 'c.txt'))).toBe(false);
    r = await tagsmith(['edit', root, '--filter', 'missing:caption', '--add', 'abstract', '--create-missing']);
    expect(r.code, r.stderr).toBe(0);
    expect(await read('c.txt')).toBe('abstract');
    expect((await tagsmith(['undo', root])).code).toBe(0);
    expect(existsSync(join(root, 'c.txt'))).toBe(false);
  });

  it('--filter is:reviewed edits only the images marked reviewed in the editor', async () => {
    await mkdir(join(root, '.tagsmith'));
    await writeFile(join(root, '.tagsmith/review.json'), JSON.stringify({ version: 1, reviewed: ['a.png', 'sub dir/d #1.PNG'] }));
    const r = await tagsmith(['edit', root, '--filter', 'is:reviewed', '--add', 'checked']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^2 of 2 captions changed/);
    expect(await read('a.txt')).toBe('ohwx, 1girl, smile, red dress, indoors, checked. She stands by a window, smiling.\n');
    expect(await read('sub dir/d #1.txt')).toBe('1girl, long_hair, blue sky, checked');
    const rest = await tagsmith(['edit', root, '--filter', '-is:reviewed has:caption', '--add', 'todo', '--dry-run']);
    expect(rest.stdout).toMatch(/2 of 2 captions would change/);
  });

  it('--dry-run previews before/after and writes nothing', async () => {
    const before = await snapshot();
    const r = await tagsmith(['edit', root, '--spaces', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('- 1girl, long_hair, blue sky');
    expect(r.stdout).toContain('+ 1girl, long hair, blue sky');
    expect(r.stdout).toMatch(/2 of \d+ captions would change; nothing written/);
    expect(await snapshot()).toEqual(before);
    const h = JSON.parse((await tagsmith(['history', root, '--json'])).stdout);
    expect(h.entries).toHaveLength(0);
  });

  it('--spaces keeps kaomoji underscores; \\= escapes a literal = in --replace', async () => {
    expect((await tagsmith(['edit', root, '--spaces'])).code).toBe(0);
    expect(await read('b.txt')).toBe('\uFEFF1girl, hatsune miku (cosplay), ^_^, red ribbon\r\nsecond line kept\r\n');
    expect((await tagsmith(['edit', root, '--replace', '\\=_\\==^_^'])).code).toBe(0);
    expect(await read('sub dir/größe 100%.txt')).toBe('1girl, ^_^, kneeling, low angle');
  });

  it('never rewrites a caption that is not valid UTF-8', async () => {
    const r = await tagsmith(['edit', root, '--add', 'extra']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/bad\.txt/);
    expect(await readFile(join(root, 'bad.txt'))).toEqual(files['bad.txt']);
  });

  it('--json reports counts and the journal entry', async () => {
    const r = await tagsmith(['edit', root, '--add', 'solo', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // a, b, d and größe; the uncaptioned c.webp is left alone; bad.txt is refused.
    expect(out.changed).toBe(4);
    expect(out.entry.files).toBe(4);
    expect(existsSync(join(root, 'c.txt'))).toBe(false);
    expect(out.refused.map((r: { path: string }) => r.path)).toEqual(['bad.txt']);
  });
});

describe('undo, redo, history across processes', () => {
  it('reverses and re-applies a batch byte for byte', async () => {
    const original = await snapshot();
    expect((await tagsmith(['edit', root, '--replace-text', '1girl=woman'])).code).toBe(0);
    const edited = await snapshot();
    expect(edited).not.toEqual(original);
    let r = await tagsmith(['undo', root]);
    expect(r.code, r.stderr).toBe(0);
    expect(await snapshot()).toEqual(original);
    r = await tagsmith(['redo', root]);
    expect(r.code, r.stderr).toBe(0);
    expect(await snapshot()).toEqual(edited);
    r = await tagsmith(['history', root]);
    expect(r.stdout).toMatch(/^\* .*replace text "1girl" with "woman"/m);
  });

  it('undo with nothing to undo fails with one line', async () => {
    const r = await tagsmith(['undo', root]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses to undo over a caption another program changed', async () => {
    expect((await tagsmith(['edit', root, '--add', 'solo'])).code).toBe(0);
    await writeFile(join(root, 'a.txt'), 'edited elsewhere\n');
    const r = await tagsmith(['undo', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/a\.txt/);
    expect(await read('a.txt')).toBe('edited elsewhere\n');
  });
});

describe('errors and exit codes', () => {
  it.each([
    [['edit', '.', '--frobnicate'], 2],
    [['edit', '.'], 2],
    [['edit', '.', '--sort', 'sideways'], 2],
    [['edit', '.', '--at', 'start'], 2],
    [['nosuchcommand'], 2],
  ])('%j exits %i with one line on stderr', async (args, code) => {
    const r = await tagsmith(args, { cwd: root });
    expect(r.code).toBe(code);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('an invalid query points at the position', async () => {
    const r = await tagsmith(['edit', root, '--filter', 'tag:"long hair" AND (', '--add', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\^/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('an unknown is: value names the known ones, with the caret under the value', async () => {
    const r = await tagsmith(['edit', root, '--filter', 'is:done', '--add', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown value 'done' for is: use reviewed, trigger-only");
    expect(r.stderr).toMatch(/is:done\n {3}\^/);
  });

  it('help-query documents is:reviewed', async () => {
    const r = await tagsmith(['help-query']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is:reviewed +the image is marked reviewed/);
  });

  it('a missing folder is a failure, one line, no stack; --debug adds the stack', async () => {
    let r = await tagsmith(['stats', join(root, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    r = await tagsmith(['stats', join(root, 'nope'), '--debug']);
    expect(r.stderr).toMatch(/^\s+at /m);
  });

  it('no progress bar when stderr is not a terminal', async () => {
    const r = await tagsmith(['edit', root, '--add', 'solo']);
    expect(r.stderr).not.toMatch(/\[[█░=-]+\]/);
  });
});
