import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseCaption, serializeCaption, firstLine } from '../caption/index.ts';
import { applyOps, type OpContext } from './apply.ts';
import { isUncaptioned, planBatch } from './batch.ts';
import { triggerWordsAfter } from './triggers.ts';
import { TagOpSchema, type TagOp } from './ops.ts';

const TAGS = ['ohwx', 'sks', '1girl', 'solo', 'red dress', 'Red dress', 'hatsune_miku_(cosplay)', '^_^', '>_<', ':3', '\\(x\\)', 'a_b', 'long hair'];
const tag = fc.constantFrom(...TAGS);
const tagList = fc.array(tag, { minLength: 1, maxLength: 3 });
const prose = fc.constantFrom('', 'She kneels on a wooden floor.', 'She kneels, smiling, on the floor. Light falls from the left.');

const opArb: fc.Arbitrary<TagOp> = fc
  .oneof(
    fc.record({ op: fc.constant('add'), tags: tagList, at: fc.oneof(fc.constantFrom('start', 'end', 'afterTriggers'), fc.nat(6)) }),
    fc.record({ op: fc.constant('remove'), tags: tagList }),
    fc.record({ op: fc.constant('replace'), from: tag, to: fc.oneof(tag, fc.constant(''), fc.constant('x, y')) }),
    fc.record({
      op: fc.constant('replaceText'),
      find: fc.constantFrom('red', 'o', '_', '(', '^\\w', 'a|e'),
      replace: fc.constantFrom('', 'blue', 'X', ', ', '$&$&'),
      regex: fc.boolean(),
      caseSensitive: fc.boolean(),
    }).map((o) => (o.regex && o.find === '(' ? { ...o, find: '\\(' } : o)),
    fc.record({ op: fc.constant('moveFront'), tags: tagList }),
    fc.record({ op: fc.constant('sort'), by: fc.constantFrom('alpha', 'freq') }),
    fc.constant({ op: 'dedupe' }),
    fc.constant({ op: 'underscoresToSpaces' }),
    fc.record({ op: fc.constant('trigger'), words: fc.array(fc.constantFrom('ohwx', 'sks', 'zz'), { minLength: 1, maxLength: 2 }) }),
  )
  .map((o) => TagOpSchema.parse(o));

const ctxArb: fc.Arbitrary<OpContext> = fc.record({
  triggerWords: fc.uniqueArray(fc.constantFrom('ohwx', 'sks'), { maxLength: 2 }),
  frequencies: fc.constant(new Map([['solo', 5], ['1girl', 9], ['^_^', 2]])),
  separator: fc.constantFrom(', ', ','),
});

/** A caption whose trigger words (if present) already lead in order, as the editor keeps them. */
const docArb = (triggers: readonly string[]) =>
  fc.tuple(fc.array(tag, { maxLength: 8 }), prose, fc.constantFrom('', '\n', '\r\nsecond, line\r\n'), fc.boolean(), fc.constantFrom(', ', ','))
    .map(([tags, p, rest, bom, sep]) => {
      const front = triggers.filter((t) => tags.includes(t));
      const body = [...front, ...tags.filter((t) => !triggers.includes(t))];
      const line = body.join(sep) + (body.length && p ? '. ' : '') + p;
      return (bom ? '\uFEFF' : '') + line + rest;
    });

function triggersLead(tags: readonly string[], triggers: readonly string[]): boolean {
  const present = tags.filter((t) => triggers.includes(t));
  const expected = [...present].sort((a, b) => triggers.indexOf(a) - triggers.indexOf(b));
  return expected.every((t, i) => tags[i] === t);
}

describe('op properties', () => {
  it('applying no ops changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), ctxArb, (text, ctx) => {
        const doc = parseCaption(text);
        expect(applyOps(doc, [], ctx)).toBe(doc);
        expect(planBatch([{ id: 'x', text }], [], ctx)).toEqual([]);
      }),
    );
  });

  it('any op sequence keeps the trigger words first, in order', () => {
    fc.assert(
      fc.property(
        ctxArb.chain((ctx) => fc.tuple(fc.constant(ctx), docArb(ctx.triggerWords), fc.array(opArb, { maxLength: 6 }))),
        ([ctx, text, ops]) => {
          const out = applyOps(parseCaption(text), ops, ctx);
          const triggers = triggerWordsAfter(ops, ctx.triggerWords);
          expect(triggersLead(out.tags, triggers)).toBe(true);
          // ...and the file reads back the same way.
          expect(triggersLead(parseCaption(serializeCaption(out)).tags, triggers)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('dedupe is idempotent and leaves no duplicates', () => {
    const dedupe = [TagOpSchema.parse({ op: 'dedupe' })];
    fc.assert(
      fc.property(ctxArb.chain((ctx) => fc.tuple(fc.constant(ctx), docArb(ctx.triggerWords))), ([ctx, text]) => {
        const once = applyOps(parseCaption(text), dedupe, ctx);
        expect(new Set(once.tags).size).toBe(once.tags.length);
        expect(applyOps(once, dedupe, ctx)).toBe(once);
        expect(serializeCaption(applyOps(parseCaption(serializeCaption(once)), dedupe, ctx))).toBe(serializeCaption(once));
      }),
    );
  });

  it('ops never touch the BOM or lines after the first', () => {
    fc.assert(
      fc.property(ctxArb, fc.string({ unit: 'binary' }), fc.array(opArb, { maxLength: 4 }), (ctx, text, ops) => {
        const doc = parseCaption(text);
        const out = serializeCaption(applyOps(doc, ops, ctx));
        const bom = doc.layout.bom ? '\uFEFF' : '';
        expect(out.startsWith(bom)).toBe(true);
        expect(out.slice(bom.length).startsWith('\uFEFF')).toBe(text.slice(bom.length).startsWith('\uFEFF'));
        const after = parseCaption(out);
        expect(after.layout.rest).toBe(doc.layout.rest);
        expect(firstLine(after)).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 500 },
    );
  });

  it('planBatch reports exactly the captions whose text changes', () => {
    fc.assert(
      fc.property(
        ctxArb,
        fc.array(fc.option(fc.constantFrom('', 'a, b', 'ohwx, red dress\n', 'She sits on a chair.', '1girl, solo.'), { nil: null }), { maxLength: 6 }),
        fc.array(opArb, { maxLength: 3 }),
        (ctx, texts, ops) => {
          const items = texts.map((text, i) => ({ id: String(i), text }));
          const changes = new Map(planBatch(items, ops, ctx, { createMissing: true }).map((c) => [c.id, c]));
          for (const item of items) {
            const text = serializeCaption(applyOps(parseCaption(item.text ?? ''), ops, ctx));
            const change = changes.get(item.id);
            // A caption left blank is deleted; one never created blank.
            const after = text.trim() === '' ? null : text;
            if (text === (item.text ?? '') || (after === null && item.text === null)) expect(change).toBeUndefined();
            else expect(change).toEqual({ id: item.id, before: item.text, after });
          }
          // Without createMissing, images without a caption are never touched.
          for (const c of planBatch(items, ops, ctx)) expect(isUncaptioned(items[Number(c.id)]!.text)).toBe(false);
        },
      ),
    );
  });
});
