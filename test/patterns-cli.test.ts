import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestSession } from '../electron/core/handlers/test-session.ts';
import { TINY_PNG } from './helpers/dataset-fixture.ts';
import { tagsmith } from './helpers/cli.ts';

// User patterns end to end: the real CLI process, and the editor's handlers on the same folder.
let root: string;

const CAPTIONS: Record<string, string> = {
  a: 'x, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
  b: 'x, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
  c: 'x, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
  d: '1girl, long_hair, Red_Dress, 2024-05. She sits; she smiles at the viewer.',
  e: `ohwx, ${'ab '.repeat(5_000)}, kneeling`,
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tagsmith-patterns-'));
  for (const [name, text] of Object.entries(CAPTIONS)) {
    await writeFile(join(root, `${name}.png`), TINY_PNG);
    await writeFile(join(root, `${name}.txt`), text);
  }
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Change { path: string; before: string | null; after: string }

async function cliDryRun(args: string[]): Promise<Change[]> {
  const r = await tagsmith(['edit', root, ...args, '--dry-run', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { changes: Change[] }).changes;
}

describe('tagsmith edit --regex', () => {
  it('answers the issue\'s pattern at once instead of hanging', async () => {
    const r = await tagsmith(['edit', root, '--replace-text', '(a+)+$=b', '--regex', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('dry run: 0 of 5 captions would change; nothing written\n');
    const changed = await cliDryRun(['--replace-text', '(a+)+!=b', '--regex']);
    expect(changed.map((c) => [c.path, c.after])).toEqual([['a.txt', 'x, b'], ['b.txt', 'x, b'], ['c.txt', 'x, b']]);
  }, 30_000);

  it.each(['(a|aa)+$=b', '(.*a){20}=b', '^(\\w+\\s?)*$=b'])('answers %s over a 15,000-character caption', async (pair) => {
    const r = await tagsmith(['edit', root, '--replace-text', pair, '--regex', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dry run: \d of 5 captions would change; nothing written\n$/);
  }, 30_000);

  it('refuses a backreference or lookaround before reading the dataset: one line, the pattern, a caret', async () => {
    let r = await tagsmith(['edit', root, '--replace-text', '(a)\\1=b', '--regex']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tagsmith: --replace-text: Backreference \\1 is not supported: patterns run on a linear-time engine (RE2) so that none can hang\n(a)\\1\n   ^\n',
    );
    r = await tagsmith(['edit', root, '--filter', 'text:/She(?= sits)/', '--dedupe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tagsmith: Lookahead \(\?=…\) is not supported.*\ntext:\/She\(\?= sits\)\/\n {9}\^\n$/);
  });

  it('gives the editor\'s answer for the same pattern and filter', async () => {
    const cases: Array<{ args: string[]; filter?: string; op: Record<string, unknown> }> = [
      { args: ['--replace-text', '(\\w+)_(\\w+)=$2 $1', '--regex'], op: { find: '(\\w+)_(\\w+)', replace: '$2 $1', regex: true, caseSensitive: true } },
      { args: ['--replace-text', 'red_dress=[$&]', '--regex', '--ignore-case'], op: { find: 'red_dress', replace: '[$&]', regex: true, caseSensitive: false } },
      { args: ['--replace-text', '(?<y>\\d{4})-(?<m>\\d\\d)=$<m>/$<y>', '--regex'], op: { find: '(?<y>\\d{4})-(?<m>\\d\\d)', replace: '$<m>/$<y>', regex: true, caseSensitive: true } },
      { args: ['--replace-text', 'she=He', '--ignore-case'], op: { find: 'she', replace: 'He', regex: false, caseSensitive: false } },
      { args: ['--replace-text', '(ab )+=ab', '--regex'], filter: 'text:/^ohwx/ OR tag:*a*a*a*a*b', op: { find: '(ab )+', replace: 'ab', regex: true, caseSensitive: true } },
    ];
    const cli: Change[][] = [];
    for (const c of cases) cli.push(await cliDryRun([...c.args, ...(c.filter ? ['--filter', c.filter] : [])]));
    const t = await openTestSession({}, { root });
    for (const [i, c] of cases.entries()) {
      const target = c.filter ? { kind: 'filter', query: c.filter } : { kind: 'all' };
      const preview = await t.value('batch.preview', { target, ops: [{ op: 'replaceText', ...c.op }] });
      expect(preview.changes.map((x) => ({ path: x.captionPath, before: x.before, after: x.after })), c.args.join(' ')).toEqual(cli[i]);
      expect(cli[i]!.length, c.args.join(' ')).toBeGreaterThan(0);
    }
    expect(cli[0]!.find((c) => c.path === 'd.txt')?.after).toBe('1girl, hair long, Dress Red, 2024-05. She sits; she smiles at the viewer.');
    expect(cli[2]!.find((c) => c.path === 'd.txt')?.after).toBe('1girl, long_hair, Red_Dress, 05/2024. She sits; she smiles at the viewer.');
  }, 60_000);
});
