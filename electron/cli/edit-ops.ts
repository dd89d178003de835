import type { Command } from 'commander';
import { TagOpSchema, type AddPosition, type TagOp } from '../../shared/tags/ops.ts';
import { patternProblem } from '../../shared/tags/compile.ts';
import { formatQueryError } from '../../shared/query/index.ts';
import { usageError } from './errors.ts';

/**
 * The op flags of `tagsmith edit`, kept in the order they were given (`--remove a --add a` is not
 * `--add a --remove a`). Commander emits `option:<name>` in argv order, so every flag appends to one
 * list instead of holding a value of its own.
 */
export function addOpOptions(command: Command): () => TagOp[] {
  const ops: TagOp[] = [];
  const push = (op: unknown) => {
    const parsed = TagOpSchema.safeParse(op);
    if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid operation');
    ops.push(parsed.data);
  };
  const on = (flags: string, description: string, handle: (value: string) => void) => {
    command.option(flags, description);
    const name = flags.replace(/^--/, '').replace(/ .*/, '');
    command.on(`option:${name}`, (value: string) => handle(value));
  };

  on('--add <tag>', 'add a tag (comma-separated list allowed; see --at)', (v) => push({ op: 'add', tags: splitList(v), at: 'end' }));
  on('--at <where>', 'where the preceding --add goes: start, end, after-trigger or an index', (v) => {
    const last = ops.at(-1);
    if (!last || last.op !== 'add') throw usageError('--at must follow an --add');
    last.at = parsePosition(v);
  });
  on('--remove <tag>', 'remove a tag (comma-separated list allowed)', (v) => push({ op: 'remove', tags: splitList(v) }));
  on('--replace <old=new>', 'replace a whole tag (write \\= for a literal =)', (v) => {
    const [from, to] = splitPair(v, '--replace');
    push({ op: 'replace', from: from.trim(), to: to.trim() });
  });
  on('--replace-text <from=to>', 'replace text inside tags and sentences (see --regex, --ignore-case)', (v) => {
    const [find, replace] = splitPair(v, '--replace-text');
    push({ op: 'replaceText', find, replace, regex: false, caseSensitive: true });
  });
  command.option('--regex', 'treat every --replace-text pattern as a regular expression (JavaScript syntax, run in linear time by RE2: no backreferences or lookaround)');
  command.option('--ignore-case', 'make every --replace-text match case-insensitive');
  on('--move-front <tag>', 'move a tag to the front, after the trigger words', (v) => push({ op: 'moveFront', tags: splitList(v) }));
  on('--trigger <word>', 'put a trigger word first and record it as the dataset trigger word', (v) => push({ op: 'trigger', words: splitList(v) }));
  on('--sort <order>', 'sort tags: alpha or freq (dataset frequency)', (v) => {
    if (v !== 'alpha' && v !== 'freq') throw usageError(`--sort takes alpha or freq, not "${v}"`);
    push({ op: 'sort', by: v });
  });
  on('--dedupe', 'remove repeated tags', () => push({ op: 'dedupe' }));
  on('--spaces', 'underscores to spaces (kaomoji such as ^_^ keep theirs)', () => push({ op: 'underscoresToSpaces' }));

  return () => ops;
}

/** --regex and --ignore-case modify every --replace-text of the call; a bad regex is a usage error. */
export function finishOps(ops: readonly TagOp[], flags: { regex?: boolean; ignoreCase?: boolean }): TagOp[] {
  const finished = ops.map((op) => (op.op === 'replaceText' ? { ...op, regex: Boolean(flags.regex), caseSensitive: !flags.ignoreCase } : op));
  // The same check the batch handler runs, so the CLI and the app accept exactly the same patterns.
  const problem = patternProblem(finished);
  if (problem) throw usageError(`--replace-text: ${formatQueryError(problem.pattern, problem.problem)}`);
  return finished;
}

function parsePosition(v: string): AddPosition {
  if (v === 'start' || v === 'end') return v;
  if (v === 'after-trigger' || v === 'after-triggers') return 'afterTriggers';
  if (/^\d+$/.test(v)) return Number(v);
  throw usageError(`--at takes start, end, after-trigger or an index, not "${v}"`);
}

/** Splits `a, b` at commas: a comma is the tag separator, so it never sits inside one tag. */
function splitList(v: string): string[] {
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw usageError('empty tag');
  return items;
}

/** Splits OLD=NEW at the first `=` not written as `\=` (kaomoji such as `=_=` contain `=`). */
export function splitPair(v: string, flag: string): [string, string] {
  let left = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const next = v[i + 1];
    if (c === '\\' && (next === '=' || next === '\\')) {
      left += next;
      i++;
    } else if (c === '=') {
      return [left, v.slice(i + 1).replace(/\\([=\\])/g, '$1')];
    } else {
      left += c;
    }
  }
  throw usageError(`${flag} takes OLD=NEW (write \\= for a literal =), got "${v}"`);
}
