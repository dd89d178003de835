import fs from 'node:fs';
import path from 'node:path';

/*
 * The dataset:// cases, shared by the route's unit test (dataset-route.test.ts) and the shell
 * harness (test/shell), which sends the same URLs through the protocol handler the built main
 * bundle registers: the policy is tested once and its wiring proven with the same inputs.
 */

/**
 * `<base>/data` is the dataset; `<base>/outside` and `<base>/secret.png` must never be served.
 * Holds images with awkward names, a text file, a hidden folder, and symlinks out of the root,
 * to a non-image and to an image inside the root.
 */
export function makeDatasetTree(base: string): string {
  const root = path.join(base, 'data');
  const write = (rel: string, text: string | Buffer = 'x'): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  fs.mkdirSync(path.join(base, 'outside'), { recursive: true });
  fs.writeFileSync(path.join(base, 'outside', 'secret.png'), 'secret');
  fs.writeFileSync(path.join(base, 'secret.png'), 'secret');
  for (const rel of ['a.png', 'sub/b c.png', 'weird%20name.png', 'ünï #1.jpg', 'notes.txt', '.hidden/x.png']) write(rel);
  fs.symlinkSync(path.join(base, 'outside', 'secret.png'), path.join(root, 'out.png'));
  fs.symlinkSync(path.join(base, 'outside'), path.join(root, 'linkdir'));
  fs.symlinkSync(path.join(root, 'notes.txt'), path.join(root, 'fake.png'));
  fs.symlinkSync(path.join(root, 'a.png'), path.join(root, 'alias.webp'));
  return root;
}

/** [media id, the file in the root it serves, content type]. */
export const SERVED_MEDIA: [string, string, string][] = [
  ['a.png', 'a.png', 'image/png'],
  ['sub/b c.png', 'sub/b c.png', 'image/png'],
  ['weird%20name.png', 'weird%20name.png', 'image/png'],
  ['ünï #1.jpg', 'ünï #1.jpg', 'image/jpeg'],
  // A link inside the root to an image inside the root is served as the image it points at.
  ['alias.webp', 'a.png', 'image/png'],
];

/** [URL, the statuses that count as a refusal of it]. */
export const REFUSED_MEDIA: [string, number[]][] = [
  // Climbing out, spelled every way: the URL parser folds some, parseMediaId refuses the rest.
  ['dataset://media/../secret.png', [404]],
  ['dataset://media/%2e%2e/secret.png', [403, 404]],
  ['dataset://media/sub/%2E%2E/%2E%2E/secret.png', [403, 404]],
  ['dataset://media/..%2fsecret.png', [403]],
  ['dataset://media/sub%2F..%2F..%2Fsecret.png', [403]],
  ['dataset://media/sub%5c..%5c..%5csecret.png', [403]],
  ['dataset://media/%252e%252e/secret.png', [404]],
  ['dataset://media//etc/passwd.png', [403]],
  ['dataset://media/C:%5cWindows%5cwin.png', [403]],
  ['dataset://media/a.png%00.txt', [403]],
  ['dataset://media/%E0%A4%A.png', [403]],
  // Symlinks leading out of the root, to a file or through a folder.
  ['dataset://media/out.png', [403]],
  ['dataset://media/linkdir/secret.png', [403]],
  // Not an image: by name, by what a link points at, hidden, missing.
  ['dataset://media/notes.txt', [404]],
  ['dataset://media/fake.png', [404]],
  ['dataset://media/.hidden/x.png', [404]],
  ['dataset://media/missing.png', [404]],
  ['dataset://media/sub', [404]],
  ['dataset://media/', [404]],
  // Not our routes.
  ['dataset://other/a.png', [404]],
  ['dataset://media:8080/a.png', [404]],
  ['dataset://user@media/a.png', [404]],
];
