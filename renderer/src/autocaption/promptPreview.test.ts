import { describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import { formFromSettings, type AutoCaptionForm } from './form.ts';
import { previewPrompt } from './promptPreview.ts';

const saved = DatasetSettingsSchema.parse({ triggerWords: ['ohwx'], focus: 'pose of the girl', sentences: 3 });
const form = (patch: Partial<AutoCaptionForm> = {}): AutoCaptionForm => ({ ...formFromSettings(saved), useLlm: true, ...patch });
const image = { id: 'set/red.png', doc: parseCaption('ohwx, 1girl, red dress. She sits.') };

describe('previewPrompt', () => {
  it("renders the job's prompt for the image, its caption tags standing in for the tagger's (trigger words left out)", () => {
    const p = previewPrompt(form(), saved.autoCaption.llm, image, saved)!;
    expect(p.image).toBe('red.png');
    expect(p.text).toContain('Shortly describe the pose of the girl using simple sentences.');
    expect(p.text).toContain('Tags for reference: 1girl, red dress');
    expect(p.text).not.toContain('ohwx');
    expect(p.maxTokens).toBe(220);
    expect(p.note).toMatch(/current caption tags/);
  });

  it('follows the form: preset, system message, name option, tags off for JoyCaption, max tokens', () => {
    const p = previewPrompt(form({ preset: 'joycaption-beta-one', maxTokens: '300' }), saved.autoCaption.llm, image, saved)!;
    expect(p.text).toMatch(/^System: You are a helpful image captioner\.\n\nUser: Write a straightforward caption for this image within 50 words\./);
    expect(p.text).toContain('you must refer to them as ohwx.');
    expect(p.text).not.toContain('Tags for reference');
    expect(p.note).toMatch(/leaves them out/);
    expect(p.maxTokens).toBe(300);
  });

  it('is null without an image', () => {
    expect(previewPrompt(form(), saved.autoCaption.llm, null, saved)).toBeNull();
  });
});
