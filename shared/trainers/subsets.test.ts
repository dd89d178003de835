import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { aiToolkitYaml } from './ai-toolkit.ts';
import { kohyaSeparatedCaption } from './caption.ts';
import { kohyaToml } from './kohya.ts';
import { oneTrainerConcept } from './onetrainer.ts';
import { aiToolkitCaption, kohyaShuffledCaption, type KohyaSubsetCaption } from './reading.ts';
import { repeatsFor } from './repeats.ts';
import { folderRepeats, leadingTriggerCount, subsetCaptions } from './subsets.ts';
import { configInput } from './test-input.ts';

type Subset = KohyaSubsetCaption & { image_dir: string; num_repeats: number; class_tokens?: string; caption_extension: string };
const kohya = (over: Parameters<typeof configInput>[0]) => {
  const input = configInput(over);
  const text = kohyaToml(input, repeatsFor(input.options, input.imageCount));
  return { text, subsets: (parseToml(text) as unknown as { datasets: Array<{ subsets: Subset[] }> }).datasets[0]!.subsets };
};
const reverse = (t: string[]) => t.reverse();

const TAGS = 'ohwx, 1girl, red scarf';
const PROSE = 'ohwx, 1girl, red scarf. She stands by the window, smiling. The light is warm.';

describe('subset facts from the captions', () => {
  it('counts leading trigger words, sees prose, reads an N_ folder prefix', () => {
    expect(leadingTriggerCount(['zkz style', 'ohwx', '1girl'], ['ohwx', 'zkz style'])).toBe(2);
    expect(leadingTriggerCount(['1girl', 'ohwx'], ['ohwx'])).toBe(0);
    expect(subsetCaptions([{ folder: '', text: TAGS }], '', ['ohwx'])).toEqual({ prose: false, triggersLead: true });
    expect(subsetCaptions([{ folder: '', text: PROSE }, { folder: '', text: '1girl' }], '', ['ohwx'])).toEqual({ prose: true, triggersLead: false });
    expect(folderRepeats('10_ohwx girl')).toBe(10);
    expect(folderRepeats('a/3_x')).toBe(3);
    expect(folderRepeats('sub dir')).toBeNull();
    expect(folderRepeats('0_x')).toBeNull();
  });
});

describe('in place: shuffle only tags-only captions', () => {
  it('tags-only: every trainer shuffles, the trigger stays first', () => {
    const captions = [{ folder: '', text: TAGS }];
    const { subsets } = kohya({ captions, triggerWords: ['ohwx'] });
    expect(subsets).toEqual([{ image_dir: '/data/out/images', num_repeats: 4, shuffle_caption: true, keep_tokens: 1, caption_extension: '.txt', class_tokens: 'ohwx' }]);
    expect(kohyaShuffledCaption(TAGS, subsets[0]!, reverse)).toBe('ohwx, red scarf, 1girl');
    const [concept] = JSON.parse(oneTrainerConcept(configInput({ captions }), 4));
    expect(concept.text).toMatchObject({ enable_tag_shuffling: true, keep_tags_count: 1 });
    expect(parseYaml(aiToolkitYaml(configInput({ captions, triggerWords: [] }))).datasets[0].shuffle_tokens).toBe(true);
  });

  it('prose: shuffling is off in all three, with the reason in the comments', () => {
    const captions = [{ folder: '', text: PROSE }];
    const { text, subsets } = kohya({ captions });
    expect(subsets[0]).toMatchObject({ shuffle_caption: false, keep_tokens: 1 });
    expect(subsets[0]).not.toHaveProperty('keep_tokens_separator');
    expect(text).toContain('# shuffle_caption is off for the images folder: captions hold sentences: shuffling splits at every comma and would cut them apart.');
    // kohya trains line 1 unshuffled: the sentences stay whole.
    expect(kohyaShuffledCaption(PROSE, subsets[0]!, reverse)).toBe(PROSE);
    const yaml = aiToolkitYaml(configInput({ captions, triggerWords: [] }));
    expect(parseYaml(yaml).datasets[0].shuffle_tokens).toBe(false);
    expect(yaml).toContain('shuffle_tokens is off: captions hold sentences');
    const [concept] = JSON.parse(oneTrainerConcept(configInput({ captions }), 4));
    expect(concept.text).toMatchObject({ enable_tag_shuffling: false, keep_tags_count: 1 });
  });

  it('per folder: only the folder with prose stops shuffling', () => {
    const { subsets } = kohya({ folders: ['tags', 'prose'], captions: [{ folder: 'tags', text: TAGS }, { folder: 'prose', text: PROSE }] });
    expect(subsets.map((s) => [s.image_dir, s.shuffle_caption])).toEqual([['/data/out/images/tags', true], ['/data/out/images/prose', false]]);
  });

  it('a folder whose captions lack the trigger: keep_tokens 0 and no trigger in class_tokens', () => {
    const { text, subsets } = kohya({
      folders: ['with', 'without'],
      options: { classWord: 'woman' },
      captions: [{ folder: 'with', text: TAGS }, { folder: 'without', text: '1girl, ohwx, smile' }],
    });
    expect(subsets.map((s) => [s.keep_tokens, s.class_tokens])).toEqual([[1, 'ohwx woman'], [0, 'woman']]);
    expect(text).toContain('# keep_tokens = 0 and no trigger words in class_tokens for folder "without": not all its captions start with ohwx.');
    const bare = kohya({ captions: [{ folder: '', text: '1girl, smile' }] }).subsets[0]!;
    expect(bare).toMatchObject({ keep_tokens: 0 });
    expect(bare).not.toHaveProperty('class_tokens');
    const [concept] = JSON.parse(oneTrainerConcept(configInput({ captions: [{ folder: '', text: '1girl, ohwx' }] }), 4));
    expect(concept.text.keep_tags_count).toBe(0);
  });

  it('a 10_ohwx girl folder keeps 10 repeats; other folders get the computed ones', () => {
    const { text, subsets } = kohya({ folders: ['', '10_ohwx girl'], captions: [{ folder: '', text: TAGS }, { folder: '10_ohwx girl', text: TAGS }] });
    expect(subsets.map((s) => [s.image_dir, s.num_repeats])).toEqual([['/data/out/images', 4], ['/data/out/images/10_ohwx girl', 10]]);
    expect(text).toContain('# num_repeats = 10 for folder "10_ohwx girl": its name\'s 10_ prefix.');
  });
});

describe('ai-toolkit trigger_word', () => {
  it('one trigger word: trigger_word, found verbatim, nothing added', () => {
    const doc = parseYaml(aiToolkitYaml(configInput({ triggerWords: ['ohwx'] })));
    expect(doc.trigger_word).toBe('ohwx');
    expect(aiToolkitCaption('ohwx, 1girl, smile', [doc.trigger_word])).toEqual({ text: 'ohwx,  1girl,  smile', prepended: false });
  });

  it('two trigger words: no trigger_word, so ai-toolkit does not add them again', () => {
    const yaml = aiToolkitYaml(configInput({ triggerWords: ['ohwx', 'zkz style'] }));
    const doc = parseYaml(yaml);
    expect(doc).not.toHaveProperty('trigger_word');
    expect(yaml).toContain('# No trigger_word: with 2 trigger words');
    const caption = 'ohwx, zkz style, 1girl';
    // What a trigger_word "ohwx, zkz style" would do (not found verbatim, added again), and what is trained.
    expect(aiToolkitCaption(caption, ['ohwx, zkz style']).prepended).toBe(true);
    expect(aiToolkitCaption(caption, ['ohwx', 'zkz style'])).toEqual({ text: 'ohwx,  zkz style,  1girl', prepended: false });
  });
});

describe('kohyaSeparatedCaption (exports only) under keep_tokens_separator', () => {
  const subset = { shuffle_caption: true, keep_tokens: 1, keep_tokens_separator: '|||' };
  it('trigger ||| tags ||| sentences: tags move, trigger first, sentences whole and last', () => {
    const line = kohyaSeparatedCaption(PROSE, ['ohwx']);
    expect(line).toBe('ohwx ||| 1girl, red scarf ||| She stands by the window, smiling. The light is warm.');
    expect(kohyaShuffledCaption(line, subset, reverse)).toBe('ohwx, red scarf, 1girl, She stands by the window, smiling. The light is warm.');
  });

  it('tags only, two trigger words, no trigger, only trigger + prose', () => {
    expect(kohyaSeparatedCaption(`${TAGS}\nsecond line`, ['ohwx'])).toBe('ohwx ||| 1girl, red scarf');
    const two = kohyaSeparatedCaption('zkz style, ohwx, 1girl, smile', ['ohwx', 'zkz style']);
    expect(two).toBe('zkz style, ohwx ||| 1girl, smile');
    expect(kohyaShuffledCaption(two, { ...subset, keep_tokens: 2 }, reverse)).toBe('zkz style, ohwx, smile, 1girl');
    expect(kohyaSeparatedCaption('1girl, smile', ['ohwx'])).toBe('1girl, smile');
    expect(kohyaSeparatedCaption('1girl, smile. She smiles, a lot.', ['ohwx'])).toBe('||| 1girl, smile ||| She smiles, a lot.');
    expect(kohyaShuffledCaption('||| 1girl, smile ||| She smiles, a lot.', subset, reverse)).toBe('smile, 1girl, She smiles, a lot.');
    expect(kohyaSeparatedCaption('ohwx. She smiles.', ['ohwx'])).toBe('ohwx ||| ||| She smiles.');
  });
});
