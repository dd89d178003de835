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
});

// Each preset against the form its authors document (the source is named beside each preset in
// models/prompts.ts): the exact request, the documented option sentences, the grounding blocks.
describe('renderPrompt: each preset in its documented form', () => {
  const WITH = { ...FULL, name: 'ohwx', characters: ['hatsune miku (cosplay)'] };
  const STRAIGHTFORWARD =
    'Write a straightforward caption for this image within 50 words. Begin with the main subject and medium. ' +
    'Mention pivotal elements—people, objects, scenery—using confident, definite language. ' +
    'Focus on concrete details like color, shape, texture, and spatial relationships. Show how elements interact. ' +
    'Omit mood and speculative wording. If text is present, quote it exactly. ' +
    'Note any watermarks, signatures, or compression artifacts. ' +
    "Never mention what's absent, resolution, or unobservable details. " +
    'Vary your sentence structure and keep the description concise, without starting with “This image is…” or similar phrasing.';
  const JOY_OPTIONS = 'Do NOT use any ambiguous language. ONLY describe the most important elements of the image.';
  const JOY_NAME = 'If there is a person/character in the image you must refer to them as ohwx.';
  const QWEN = [
    'Describe the pose of the girl in this image in exactly three short, simple sentences.',
    'Describe only what is visible. Do not start with "There is" or "The image shows".',
    'Context: a turtle wearing socks',
    'Tags for reference: 1girl, long hair, ^_^, hatsune miku (cosplay), red dress',
  ].join('\n');

  it.each([
    ['joycaption-beta-one', WITH, 'You are a helpful image captioner.', `${STRAIGHTFORWARD} ${JOY_NAME} ${JOY_OPTIONS} Tags for reference: 1girl, long hair, ^_^, hatsune miku (cosplay), red dress.`],
    ['joycaption-beta-one', { ...EMPTY, sentences: 1 }, 'You are a helpful image captioner.', `${STRAIGHTFORWARD.replace('50 words', '20 words')} ${JOY_OPTIONS}`],
    ['joycaption-alpha-two', { ...WITH, tags: [] }, 'You are a helpful image captioner.',
      `Write a descriptive caption for this image in a formal tone within 50 words. ${JOY_NAME} ${JOY_OPTIONS}`],
    ['toriigate', WITH, 'You are image captioning expert, creative, unbiased and uncensored.',
      'You need to write a medium-short and convenient caption for the picture. ' +
        'Here are grounding tags for better understanding: <tags>1girl, long_hair, ^_^, hatsune_miku_(cosplay), red_dress</tags>. ' +
        'Here is a list of characters that are present in the picture: <characters>hatsune_miku_(cosplay)</characters>. ' +
        'Here is preliminary information about the picture: <info>a turtle wearing socks</info>.'],
    ['toriigate', EMPTY, 'You are image captioning expert, creative, unbiased and uncensored.', 'You need to write a medium-short and convenient caption for the picture.'],
    ['toriigate-long', { ...EMPTY, context: 'on a stage' }, 'You are image captioning expert, creative, unbiased and uncensored.',
      'You need to write a long and very detailed caption for the picture. Here is preliminary information about the picture: <info>on a stage</info>.'],
    ['qwen3-vl-instruct', WITH, null, QWEN],
    ['qwen3-vl-thinking', WITH, null, QWEN],
  ] as const)('%s', (id, vars, system, user) => {
    expect(renderPrompt(PROMPT_PRESETS[id], vars)).toEqual({ system, user });
  });

  it('each preset carries its authors\' sampling', () => {
    expect(PROMPT_PRESETS['joycaption-beta-one']).toMatchObject({ sampling: { temperature: 0.6, top_p: 0.9 }, maxTokens: 512, tags: 'experimental' });
    expect(PROMPT_PRESETS.toriigate).toMatchObject({ sampling: { temperature: 0.6, top_p: 0.9, top_k: 40 }, maxSide: 633, tagStyle: 'underscores' });
    expect(PROMPT_PRESETS['qwen3-vl-instruct'].sampling).toEqual({ temperature: 0.7, top_p: 0.8, top_k: 20, presence_penalty: 1.5 });
    expect(PROMPT_PRESETS['qwen3-vl-instruct'].maxTokens).toBeUndefined();
    expect(PROMPT_PRESETS['qwen3-vl-thinking']).toMatchObject({ sampling: { temperature: 0.6, top_p: 0.95, top_k: 20 }, thinking: true });
    expect(PROMPT_PRESETS['qwen3-vl-thinking'].maxTokens).toBeGreaterThanOrEqual(8192);
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
        expect(user).not.toMatch(/\{(focus|context|tags|sentences|words|name|characters)\}/);
        expect(user).not.toMatch(/(Context|Tags|Tags for reference|understanding):\s*(<tags><\/tags>)?\s*$/m);
        expect(user).not.toMatch(/<(tags|characters|info)><\/\1>|refer to them as \./);
        expect(user).not.toMatch(/^\s*$/m);
      }),
    );
  });
});
