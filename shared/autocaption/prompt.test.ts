import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROMPT_PRESETS } from '../../models/prompts.ts';
import { formatTags, renderPrompt, sentenceCount } from './prompt.ts';

const TAGS = ['1girl', 'long hair', '^_^', 'hatsune miku (cosplay)', 'red_dress'];
const FULL = { focus: 'pose of the girl', context: 'a turtle wearing socks', tags: TAGS, sentences: 3 };
const EMPTY = { focus: '', context: '', tags: [], sentences: 3 };

describe('renderPrompt: the presets', () => {
  it('workflow: every line filled', () => {
    expect(renderPrompt(PROMPT_PRESETS.workflow, FULL)).toEqual({
      system: null,
      user: [
        'Shortly describe the pose of the girl using simple sentences. Shortly describe what the viewer can see.',
        'Important: NEVER mention what is not visible, describe ONLY what is displayed and clear.',
        'Write three sentences. Omit phrases like "There is", "We can see" and similar ones.',
        'Context: a turtle wearing socks',
        'Tags for reference: 1girl, long hair, ^_^, hatsune miku (cosplay), red dress',
      ].join('\n'),
    });
  });

  it('workflow: no context and no tags drop their lines; no focus reads "main subject"', () => {
    expect(renderPrompt(PROMPT_PRESETS.workflow, EMPTY).user).toBe([
      'Shortly describe the main subject using simple sentences. Shortly describe what the viewer can see.',
      'Important: NEVER mention what is not visible, describe ONLY what is displayed and clear.',
      'Write three sentences. Omit phrases like "There is", "We can see" and similar ones.',
    ].join('\n'));
  });

  it('joycaption: one line, the context written as a sentence of its own, the system prompt kept', () => {
    expect(renderPrompt(PROMPT_PRESETS.joycaption, FULL)).toEqual({
      system: 'You are a helpful image captioner.',
      user:
        'Write three short sentences describing the pose of the girl in this image. A turtle wearing socks. ' +
        'Do NOT use any ambiguous language. Do NOT mention anything that is not visible. ' +
        'Tags: 1girl, long hair, ^_^, hatsune miku (cosplay), red dress',
    });
    expect(renderPrompt(PROMPT_PRESETS.joycaption, EMPTY).user).toBe(
      'Write three short sentences describing the main subject in this image. Do NOT use any ambiguous language. ' +
        'Do NOT mention anything that is not visible.',
    );
  });

  it('toriigate: raw danbooru tags inside <tags>, and the grounding suffix gone without tags', () => {
    expect(renderPrompt(PROMPT_PRESETS.toriigate, { ...FULL, context: 'She is on a stage!' })).toEqual({
      system: 'You are image captioning expert, creative, unbiased and uncensored.',
      user:
        'Describe the pose of the girl in three short sentences. She is on a stage! Here are grounding tags for better ' +
        'understanding: <tags>1girl, long_hair, ^_^, hatsune_miku_(cosplay), red_dress</tags>',
    });
    expect(renderPrompt(PROMPT_PRESETS.toriigate, EMPTY).user).toBe('Describe the main subject in three short sentences.');
    expect(renderPrompt(PROMPT_PRESETS.toriigate, { ...EMPTY, context: 'on a stage' }).user).toBe(
      'Describe the main subject in three short sentences. On a stage.',
    );
  });

  it('qwen-vl: context present, tags absent', () => {
    expect(renderPrompt(PROMPT_PRESETS['qwen-vl'], { ...FULL, tags: [], sentences: 12 }).user).toBe([
      'Describe the pose of the girl in this image in exactly 12 short, simple sentences.',
      'Describe only what is visible. Do not start with "There is" or "The image shows".',
      'Context: a turtle wearing socks',
    ].join('\n'));
  });
});

describe('renderPrompt: custom templates', () => {
  const render = (template: string, vars = FULL) => renderPrompt(PROMPT_PRESETS.workflow, vars, template).user;

  it('replaces the preset template and fills the same placeholders', () => {
    expect(render('Describe the {focus} in {sentences} sentences.')).toBe('Describe the pose of the girl in three sentences.');
  });

  it('leaves unknown placeholders and braces as written', () => {
    expect(render('{focus} {style} {} {{tags}}')).toBe('pose of the girl {style} {} {1girl, long hair, ^_^, hatsune miku (cosplay), red dress}');
  });

  it('never expands a placeholder inside inserted text', () => {
    expect(render('Focus: {focus}. Tags: {tags}', { ...FULL, focus: 'the {tags} and {context} $& $1', tags: ['{focus}'] })).toBe(
      'Focus: the {tags} and {context} $& $1. Tags: {focus}',
    );
  });

  it('drops a label, markup or bare placeholder left empty, keeps sentences that only lose a word', () => {
    const template = [
      'Describe the image{context}.',
      '(Context: "{context}")',
      '<tags>{tags}</tags>',
      '{context}',
      '',
      'Tags: {tags}. Write {sentences} sentences.',
      'Notes: {context}, tags: {tags}',
    ].join('\n');
    expect(render(template, EMPTY)).toBe(['Describe the image.', '', 'Write three sentences.'].join('\n'));
  });

  it('keeps a line whose placeholder is filled even when another on it is empty', () => {
    expect(render('Notes: {context}, tags: {tags}', { ...FULL, context: '' })).toBe(
      'Notes: , tags: 1girl, long hair, ^_^, hatsune miku (cosplay), red dress',
    );
  });

  it('a placeholder before a lowercase word is part of that sentence, not one of its own', () => {
    expect(render('{focus} must be described. Go.')).toBe('pose of the girl must be described. Go.');
  });
});

describe('sentenceCount and formatTags', () => {
  it('writes 1 to 10 as words, other counts as digits', () => {
    expect([1, 3, 10, 11, 0].map(sentenceCount)).toEqual(['one', 'three', 'ten', '11', '0']);
  });

  it('writes tags with spaces or underscores; symbol-only faces stay as they are', () => {
    const tags = [' long_hair ', 'hatsune miku (cosplay)', '^_^', '; ;', '', 'x_x'];
    expect(formatTags(tags, 'spaces')).toBe('long hair, hatsune miku (cosplay), ^_^, ; ;, x_x');
    expect(formatTags(tags, 'underscores')).toBe('long_hair, hatsune_miku_(cosplay), ^_^, ; ;, x_x');
  });
});

describe('renderPrompt properties', () => {
  const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('{tags}', '{focus}', '$&', '{context} x', ''));
  const vars = fc.record({
    focus: text,
    context: text,
    tags: fc.array(text, { maxLength: 4 }),
    sentences: fc.integer({ min: 0, max: 20 }),
  });

  it('inserts each value exactly once, as given, in one pass', () => {
    fc.assert(
      fc.property(vars, (v) => {
        const user = renderPrompt(PROMPT_PRESETS.workflow, v, '<{focus}|{context}|{tags}|{sentences}|{unknown}>').user;
        const focus = v.focus.trim() || 'main subject';
        expect(user).toBe(`<${focus}|${v.context.trim()}|${formatTags(v.tags, 'spaces')}|${sentenceCount(v.sentences)}|{unknown}>`);
      }),
    );
  });

  it('no preset leaves a placeholder of its own unfilled or an empty label behind', () => {
    fc.assert(
      fc.property(vars, fc.constantFrom(...Object.values(PROMPT_PRESETS)), (v, preset) => {
        // Values without braces or line breaks: a user's own `{tags}` or blank line is theirs to keep.
        const plain = (t: string) => t.replace(/[{}\r\n\u2028\u2029]/g, '');
        const clean = { ...v, focus: plain(v.focus), context: plain(v.context), tags: v.tags.map(plain) };
        const user = renderPrompt(preset, clean).user;
        expect(user).not.toMatch(/\{(focus|context|tags|sentences)\}/);
        expect(user).not.toMatch(/(Context|Tags|Tags for reference|understanding):\s*(<tags><\/tags>)?\s*$/m);
        expect(user).not.toMatch(/^\s*$/m);
      }),
    );
  });
});
