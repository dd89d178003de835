import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AutoCaptionSettingsSchema, type AutoCaptionSettings } from '../../../shared/autocaption/config.ts';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import { PROMPT_PRESET_IDS } from '../../../models/prompts.ts';
import {
  buildFromForm,
  DEFAULT_URLS,
  formFromSettings,
  promptPatch,
  startProblem,
  switchApi,
  withCheckedModel,
  type AutoCaptionForm,
  type BuiltForm,
} from './form.ts';

const defaults = DatasetSettingsSchema.parse({});
const form = (patch: Partial<AutoCaptionForm> = {}): AutoCaptionForm => ({ ...formFromSettings(defaults), ...patch });
const withLlm = (patch: Partial<AutoCaptionForm> = {}) => form({ useLlm: true, llmModel: 'joycaption', ...patch });
const build = (f: AutoCaptionForm, base: AutoCaptionSettings = defaults.autoCaption) => buildFromForm(f, base);
const errorsOf = (b: BuiltForm) => (b.ok ? {} : b.errors);

// Settings the form can show: one-line tags without commas, rules with unique keys, thresholds on the 0.01 grid.
const tag = fc.stringMatching(/^[a-z][a-z0-9 _()^]{0,12}[a-z0-9)]$/);
const settingsArb = fc
  .record({
    model: fc.constantFrom('wd-swinv2-tagger-v3', 'SmilingWolf/wd-vit-tagger-v3', '/models/my tagger'),
    general: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    character: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    mcut: fc.boolean(),
    rating: fc.boolean(),
    exclude: fc.uniqueArray(tag, { maxLength: 4 }),
    rules: fc.uniqueArray(fc.record({ from: tag, to: fc.oneof(fc.constant(''), tag) }), { maxLength: 4, selector: (r) => r.from.replaceAll('_', ' ').replace(/\s+/g, ' ') }),
    llm: fc.option(
      fc.record({
        api: fc.constantFrom('openai' as const, 'ollama' as const),
        baseUrl: fc.constantFrom('http://127.0.0.1:8080/v1', 'http://gpu-box:11434', 'https://example.org/v1'),
        model: tag,
        preset: fc.constantFrom(...PROMPT_PRESET_IDS),
        concurrency: fc.integer({ min: 1, max: 32 }),
        maxTokens: fc.option(fc.integer({ min: 16, max: 65_536 }), { nil: null }),
        maxSide: fc.option(fc.integer({ min: 64, max: 4096 }), { nil: null }),
        numCtx: fc.integer({ min: 2048, max: 262_144 }),
        promptTags: fc.constantFrom(null, true, false),
      }),
      { nil: null },
    ),
    useTagger: fc.boolean(),
    mode: fc.constantFrom('skip' as const, 'append' as const, 'replace' as const),
  })
  .filter((s) => s.useTagger || s.llm !== null)
  .map(({ llm, useTagger, mode, ...tagger }) =>
    AutoCaptionSettingsSchema.parse({ tagger: { ...tagger, batchSize: 8, keepUnderscores: true }, useLlm: llm !== null, ...(llm ? { llm: { ...llm, timeoutMs: 5000 } } : {}), useTagger, mode }),
  );

describe('form <-> settings', () => {
  it('gives back the saved settings when nothing is edited, fields the form lacks included', () => {
    fc.assert(
      fc.property(settingsArb, (settings) => {
        const built = build(formFromSettings({ ...defaults, autoCaption: settings }), settings);
        expect(built).toEqual({ ok: true, value: expect.objectContaining({ settings }) });
      }),
    );
  });

  it('writes the edited fields over the saved ones', () => {
    const built = build(
      withLlm({ general: '0.5', character: '0.9', exclude: ' solo,  , 1girl, solo ', rules: '1girl -> woman\n\n# note\nsimple_background ->', concurrency: '4', mode: 'append' }),
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const { tagger, llm, mode } = built.value.settings;
    expect(tagger).toMatchObject({ general: 0.5, character: 0.9, exclude: ['solo', '1girl'], rules: [{ from: '1girl', to: 'woman' }, { from: 'simple_background', to: '' }] });
    expect(llm).toMatchObject({ model: 'joycaption', concurrency: 4, baseUrl: DEFAULT_URLS.openai });
    expect(mode).toBe('append');
  });

  it('turns the LLM off keeping its saved settings, and then neither checks nor saves its fields', () => {
    const built = build(form({ useLlm: false, baseUrl: 'not a url', sentences: '99', focus: 'hands' }));
    expect(built).toMatchObject({ ok: true, value: { settings: { useLlm: false, llm: { baseUrl: DEFAULT_URLS.openai } }, prompt: null } });
  });

  it('carries the prompt settings only when the LLM runs', () => {
    const built = build(withLlm({ focus: ' pose of the girl ', context: 'a turtle', sentences: '2' }));
    expect(built).toMatchObject({ ok: true, value: { prompt: { focus: 'pose of the girl', context: 'a turtle', sentences: 2 } } });
  });

  it('keeps the saved tagger settings untouched on an LLM-only run', () => {
    const base = AutoCaptionSettingsSchema.parse({ tagger: { general: 0.2 } });
    const built = build(withLlm({ useTagger: false, general: 'oops' }), base);
    expect(built).toMatchObject({ ok: true, value: { settings: { useTagger: false, tagger: { general: 0.2 } } } });
  });
});

describe('validation', () => {
  it('rejects thresholds outside 0..1 and non-numbers', () => {
    expect(errorsOf(build(form({ general: '1.2', character: '' })))).toEqual({
      general: 'General threshold must be a number from 0 to 1.',
      character: 'Character threshold must be a number from 0 to 1.',
    });
    expect(build(form({ general: '0', character: '1' })).ok).toBe(true);
  });

  it('needs a model name, a usable URL and whole numbers when the LLM is on', () => {
    const errors = errorsOf(build(withLlm({ llmModel: '  ', baseUrl: 'ftp://x', concurrency: '1.5', sentences: '0' })));
    expect(Object.keys(errors).sort()).toEqual(['baseUrl', 'concurrency', 'llmModel', 'sentences']);
  });

  it('names the line of a bad tag rule', () => {
    expect(errorsOf(build(form({ rules: 'a -> b\nno arrow here' }))).rules).toMatch(/line 2/);
    expect(errorsOf(build(form({ rules: 'a -> b\nA -> c' }))).rules).toMatch(/line 2.*line 1/);
  });

  it('needs at least one of tagger and LLM, and a tagger model', () => {
    expect(errorsOf(build(form({ useTagger: false, useLlm: false }))).engines).toBeDefined();
    expect(errorsOf(build(form({ model: ' ' }))).model).toBeDefined();
  });
});

describe('startProblem', () => {
  const ok = build(form());
  const check = { built: ok, blocker: null, count: { inScope: 3, toCaption: 3 }, mode: 'skip' as const, replaceConfirmed: false, review: false };
  it('allows a valid skip or append job at once', () => {
    expect(startProblem(check)).toBeNull();
    expect(startProblem({ ...check, mode: 'append' })).toBeNull();
  });
  it('never starts replace without the confirmation, except a re-caption whose result waits for Accept', () => {
    expect(startProblem({ ...check, mode: 'replace' })).toMatch(/Confirm/);
    expect(startProblem({ ...check, mode: 'replace', replaceConfirmed: true })).toBeNull();
    expect(startProblem({ ...check, mode: 'replace', review: true })).toBeNull();
  });
  it('reports a running job, an empty scope, nothing to caption and form errors first', () => {
    expect(startProblem({ ...check, blocker: 'busy' })).toBe('busy');
    expect(startProblem({ ...check, count: { inScope: 0, toCaption: 0 } })).toMatch(/No images/);
    expect(startProblem({ ...check, count: { inScope: 5, toCaption: 0 } })).toMatch(/^Nothing to caption: every image in the scope has a caption/);
    expect(startProblem({ ...check, built: build(form({ general: 'x' })) })).toMatch(/marked fields/);
  });
  it('waits for the confirmation of an LLM URL that came with the dataset', () => {
    expect(startProblem({ ...check, llmUrlUnconfirmed: true })).toBe('Confirm the server URL that came with the dataset, or type another.');
    expect(startProblem({ ...check, llmUrlUnconfirmed: true, blocker: 'busy' })).toBe('busy');
  });
});

describe('withCheckedModel', () => {
  it('fills an empty model name with the model the connection test chose', () => {
    expect(withCheckedModel(withLlm({ llmModel: '  ' }), { model: 'qwen2.5vl:7b' }).llmModel).toBe('qwen2.5vl:7b');
  });
  it('keeps a name the user typed, and an empty one when the server listed nothing', () => {
    const typed = withLlm({ llmModel: 'joycaption' });
    expect(withCheckedModel(typed, { model: 'other' })).toBe(typed);
    const empty = withLlm({ llmModel: '' });
    expect(withCheckedModel(empty, { model: '' })).toBe(empty);
  });
});

describe('switchApi', () => {
  it('moves a default URL to the other API’s default', () => {
    expect(switchApi(form(), 'ollama').baseUrl).toBe(DEFAULT_URLS.ollama);
    expect(switchApi(form({ api: 'ollama', baseUrl: DEFAULT_URLS.ollama }), 'openai').baseUrl).toBe(DEFAULT_URLS.openai);
    expect(switchApi(form({ baseUrl: '' }), 'ollama').baseUrl).toBe(DEFAULT_URLS.ollama);
  });
  it('keeps a URL the user typed', () => {
    const typed = 'http://gpu-box:8000/v1';
    expect(switchApi(form({ baseUrl: typed }), 'ollama')).toMatchObject({ api: 'ollama', baseUrl: typed });
  });
});

describe('promptPatch', () => {
  const saved = { focus: 'hands', context: '', sentences: 3 };
  it('patches only what changed', () => {
    expect(promptPatch({ focus: 'hands', context: 'x', sentences: 3 }, saved)).toEqual({ context: 'x' });
    expect(promptPatch({ ...saved }, saved)).toBeNull();
    expect(promptPatch(null, saved)).toBeNull();
  });
});

describe('output limit and context size fields', () => {
  it('an empty "Max tokens" is not set (null), a number is kept, anything else is an error', () => {
    const llmOf = (b: BuiltForm) => (b.ok ? b.value.settings.llm : null);
    expect(llmOf(build(withLlm({ maxTokens: '' })))).toMatchObject({ maxTokens: null });
    expect(llmOf(build(withLlm({ maxTokens: ' 600 ' })))).toMatchObject({ maxTokens: 600 });
    expect(errorsOf(build(withLlm({ maxTokens: '8' })))).toEqual({ maxTokens: "Max tokens must be a whole number from 16 to 65536. Leave it empty for the preset's limit." });
  });

  it('an empty "Image size" is the preset\'s own (null), kept apart from a value', () => {
    const llmOf = (b: BuiltForm) => (b.ok ? b.value.settings.llm : null);
    expect(llmOf(build(withLlm({ maxSide: '' })))).toMatchObject({ maxSide: null });
    expect(llmOf(build(withLlm({ maxSide: '768' })))).toMatchObject({ maxSide: 768 });
    expect(errorsOf(build(withLlm({ maxSide: '10' })))).toEqual({ maxSide: "Image size must be a whole number from 64 to 4096. Leave it empty for the preset's size." });
  });

  it('checks the context size only for Ollama, which alone reads it', () => {
    expect(errorsOf(build(withLlm({ numCtx: '100' })))).toEqual({});
    expect(errorsOf(build(withLlm({ api: 'ollama', baseUrl: DEFAULT_URLS.ollama, numCtx: '100' })))).toEqual({ numCtx: 'Context size must be a whole number from 2048 to 262144.' });
  });

  it('keeps "send tags" unset until the person chooses', () => {
    const llmOf = (b: BuiltForm) => (b.ok ? b.value.settings.llm : null);
    expect(llmOf(build(withLlm()))).toMatchObject({ promptTags: null });
    expect(llmOf(build(withLlm({ promptTags: true })))).toMatchObject({ promptTags: true });
  });
});
