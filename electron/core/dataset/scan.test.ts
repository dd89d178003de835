import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanDataset } from './scan.ts';
import { PNG, tempTrees } from './test-fixtures.ts';

const tree = tempTrees();

describe('scanDataset', () => {
  it('pairs images and captions through nested folders, any image extension case', async () => {
    const root = tree({
      'img_1.png': PNG,
      'img_1.txt': 'a',
      'img_2.JPG': PNG,
      'img_10.jpeg': PNG,
      'img_10.txt': 'b',
      '10_ohwx woman/photo one.WebP': PNG,
      '10_ohwx woman/photo one.txt': 'c',
      'deep/er/x.avif': PNG,
      'deep/er/y.Tif': PNG,
      'deep/er/z.tiff': PNG,
      'misc/a.gif': PNG,
      'misc/b.bmp': PNG,
      'misc/notes.md': 'not a caption',
      'misc/c.json': '{}',
    });
    const s = await scanDataset(root, '.txt');
    expect(s.images.map((i) => [i.relPath, i.captionRelPath, i.captionExists])).toEqual([
      ['10_ohwx woman/photo one.WebP', '10_ohwx woman/photo one.txt', true],
      ['deep/er/x.avif', 'deep/er/x.txt', false],
      ['deep/er/y.Tif', 'deep/er/y.txt', false],
      ['deep/er/z.tiff', 'deep/er/z.txt', false],
      ['img_1.png', 'img_1.txt', true],
      ['img_2.JPG', 'img_2.txt', false],
      ['img_10.jpeg', 'img_10.txt', true],
      ['misc/a.gif', 'misc/a.txt', false],
      ['misc/b.bmp', 'misc/b.txt', false],
    ]);
    expect(s.orphanCaptions).toEqual([]);
    expect(s.ambiguous).toEqual([]);
  });

  it('uses the configured caption extension (.caption), exact case', async () => {
    const root = tree({ 'a.png': PNG, 'a.caption': 'x', 'a.txt': 'ignored', 'b.png': PNG, 'b.CAPTION': 'not ours', 'c.caption': 'orphan' });
    const s = await scanDataset(root, '.caption');
    expect(s.images.map((i) => [i.captionRelPath, i.captionExists])).toEqual([['a.caption', true], ['b.caption', false]]);
    expect(s.orphanCaptions).toEqual(['c.caption']);
  });

  it('reports orphan captions and images sharing one caption', async () => {
    const root = tree({ 'a.png': PNG, 'a.jpg': PNG, 'a.txt': 'shared', 'lonely.txt': 'x', 'sub/gone.txt': 'y', '.txt': 'no basename' });
    const s = await scanDataset(root, '.txt');
    expect(s.ambiguous).toEqual([{ captionRelPath: 'a.txt', images: ['a.jpg', 'a.png'] }]);
    expect(s.orphanCaptions).toEqual(['lonely.txt', 'sub/gone.txt']);
    expect(s.images.every((i) => i.captionRelPath === 'a.txt' && i.captionExists)).toBe(true);
  });

  it('skips hidden files and folders, and lists our stale temp files', async () => {
    const root = tree({
      '.tagsmith/settings.json': '{}',
      '.git/x.png': PNG,
      '.hidden.png': PNG,
      'sub/.cache/y.png': PNG,
      '.a.txt.tagsmith-999999-3.tmp': 'partial',
      'ok.png': PNG,
    });
    const s = await scanDataset(root, '.txt');
    expect(s.images.map((i) => i.relPath)).toEqual(['ok.png']);
    expect(s.tempFiles).toEqual([{ relPath: '.a.txt.tagsmith-999999-3.tmp', writer: { host: null, pid: 999999 } }]);
  });

  it('handles spaces, unicode, # and % in names', async () => {
    const names = ['my photo #1.png', '猫 100%.png', 'café (v2).png', '%2e%2e.png'];
    const files: Record<string, string | Uint8Array> = {};
    for (const n of names) {
      files[n] = PNG;
      files[n.replace(/\.png$/, '.txt')] = n;
    }
    const s = await scanDataset(tree(files), '.txt');
    expect(s.images.map((i) => i.relPath).sort()).toEqual([...names].sort());
    expect(s.images.every((i) => i.captionExists)).toBe(true);
  });

  it('does not follow symlinked folders (reported) but keeps symlinked images; flags symlinked captions', async () => {
    const outside = tree({ 'out.png': PNG, 'out.txt': 'x' });
    const root = tree({ 'a.png': PNG, 'real/b.png': PNG, 'target.txt': 'x' });
    fs.symlinkSync(outside, path.join(root, 'escape'));
    fs.symlinkSync(root, path.join(root, 'real', 'loop'));
    fs.symlinkSync(path.join(outside, 'out.png'), path.join(root, 'linked.png'));
    fs.symlinkSync(path.join(root, 'target.txt'), path.join(root, 'a.txt'));
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'broken.png'));
    const s = await scanDataset(root, '.txt');
    expect(s.images.map((i) => i.relPath)).toEqual(['a.png', 'linked.png', 'real/b.png']);
    expect(s.images[0]).toMatchObject({ captionExists: true, captionIsSymlink: true });
    expect(s.skipped).toEqual(
      expect.arrayContaining([
        { relPath: 'escape', reason: 'symlinked folder not followed' },
        { relPath: 'real/loop', reason: 'symlinked folder not followed' },
        { relPath: 'broken.png', reason: 'broken symlink' },
      ]),
    );
    expect(s.orphanCaptions).toEqual(['target.txt']);
  });
});
