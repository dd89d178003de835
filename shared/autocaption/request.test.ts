import { describe, expect, it } from 'vitest';
import { LlmConfigSchema } from './config.ts';
import { promptFor, type PromptInputs } from './request.ts';

const INPUTS: PromptInputs = {
  focus: 'pose of the girl',
  context: '',
  sentences: 3,
  triggerWords: ['ohwx', 'sks'],
  tags: ['general', '1girl', 'hatsune miku'],
  characters: ['hatsune miku'],
  ratingFirst: true,
};
const llm = (patch: Record<string, unknown>) => LlmConfigSchema.parse(patch);

describe('promptFor', () => {
  it('leaves a bare rating tag out of the prompt when the rating option put it first', () => {
    expect(promptFor(llm({}), INPUTS).user).toContain('Tags for reference: 1girl, hatsune miku');
    expect(promptFor(llm({}), { ...INPUTS, ratingFirst: false }).user).toContain('Tags for reference: general, 1girl');
    expect(promptFor(llm({ preset: 'toriigate' }), INPUTS).user).toContain('<tags>1girl, hatsune_miku</tags>. Here is a list of characters that are present in the picture: <characters>hatsune_miku</characters>.');
  });

  it('sends JoyCaption no tags unless the user turns them on; other presets send them unless turned off', () => {
    expect(promptFor(llm({ preset: 'joycaption-beta-one' }), INPUTS).user).not.toContain('Tags');
    expect(promptFor(llm({ preset: 'joycaption-beta-one', promptTags: true }), INPUTS).user).toMatch(/Tags for reference: 1girl, hatsune miku\.$/);
    expect(promptFor(llm({ promptTags: false }), INPUTS).user).not.toContain('Tags');
  });

  it('names the subject with the first trigger word, and drops that sentence without one', () => {
    expect(promptFor(llm({ preset: 'joycaption-alpha-two' }), INPUTS).user).toContain('you must refer to them as ohwx.');
    expect(promptFor(llm({ preset: 'joycaption-alpha-two' }), { ...INPUTS, triggerWords: [] }).user).not.toContain('refer to them');
  });

  it('a custom template replaces the preset text and may use the new placeholders', () => {
    expect(promptFor(llm({ template: 'Call them {name}; {words} words; {characters}.' }), INPUTS).user).toBe('Call them ohwx; 50 words; hatsune miku.');
  });
});
