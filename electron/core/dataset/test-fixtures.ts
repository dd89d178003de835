import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh real folder under the OS temp dir, filled from a map of relative path -> content. */
export function makeTree(files: Record<string, string | Uint8Array> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-test-'));
  writeTree(root, files);
  return root;
}

export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

export function read(root: string, rel: string): string | null {
  try {
    return fs.readFileSync(path.join(root, ...rel.split('/')), 'utf8');
  } catch {
    return null;
  }
}

export function readBytes(root: string, rel: string): Buffer {
  return fs.readFileSync(path.join(root, ...rel.split('/')));
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** Every file under root (hidden ones included), '/'-separated, sorted. */
export function listAll(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** A maker of temp trees for one test file; every tree it made is removed after each test. */
export function tempTrees(): (files?: Record<string, string | Uint8Array>) => string {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach(removeTree));
  return (files = {}) => {
    const root = makeTree(files);
    roots.push(root);
    return root;
  };
}
