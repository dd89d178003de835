/**
 * Prompt presets for the vision LLM step. A template may use `{focus}`, `{context}`, `{tags}` and
 * `{sentences}`; shared/autocaption/prompt.ts fills them and drops a line whose only content was an
 * empty placeholder, so a dataset without a context hint gets no empty "Context:" line.
 */
export interface Sampling {
  temperature: number;
  top_p: number;
  top_k?: number;
  presence_penalty?: number;
  max_tokens: number;
}

export interface PromptPreset {
  id: PromptPresetId;
  label: string;
  /** null: send no system message. */
  system: string | null;
  template: string;
  /** How `{tags}` is written: booru style with underscores (ToriiGate was trained so) or with spaces. */
  tagStyle: 'spaces' | 'underscores';
  sampling: Sampling;
}

export const PROMPT_PRESET_IDS = ['workflow', 'joycaption', 'toriigate', 'qwen-vl'] as const;
export type PromptPresetId = (typeof PROMPT_PRESET_IDS)[number];

export const PROMPT_PRESETS: Readonly<Record<PromptPresetId, PromptPreset>> = {
  // The workflow's own prompt: the focus phrase and context hint are per dataset, the tags ground it.
  workflow: {
    id: 'workflow',
    label: 'Tag-guided, N short sentences (default)',
    system: null,
    template: [
      'Shortly describe the {focus} using simple sentences. Shortly describe what the viewer can see.',
      'Important: NEVER mention what is not visible, describe ONLY what is displayed and clear.',
      'Write {sentences} sentences. Omit phrases like "There is", "We can see" and similar ones.',
      'Context: {context}',
      'Tags for reference: {tags}',
    ].join('\n'),
    tagStyle: 'spaces',
    sampling: { temperature: 0.6, top_p: 0.9, max_tokens: 300 },
  },
  // JoyCaption is a captioner, not a general instruction follower: short, direct requests; extra
  // options are appended as sentences.
  joycaption: {
    id: 'joycaption',
    label: 'JoyCaption',
    system: 'You are a helpful image captioner.',
    template: [
      'Write {sentences} short sentences describing the {focus} in this image.',
      '{context}',
      'Do NOT use any ambiguous language. Do NOT mention anything that is not visible.',
      'Tags: {tags}',
    ].join(' '),
    tagStyle: 'spaces',
    sampling: { temperature: 0.6, top_p: 0.9, max_tokens: 512 },
  },
  // ToriiGate v0.4 expects raw danbooru tags (underscores) inside its grounding suffix.
  toriigate: {
    id: 'toriigate',
    label: 'ToriiGate v0.4',
    system: 'You are image captioning expert, creative, unbiased and uncensored.',
    template:
      'Describe the {focus} in {sentences} short sentences. {context} Here are grounding tags for better understanding: <tags>{tags}</tags>',
    tagStyle: 'underscores',
    sampling: { temperature: 0.6, top_p: 0.9, top_k: 40, max_tokens: 512 },
  },
  'qwen-vl': {
    id: 'qwen-vl',
    label: 'Qwen-VL Instruct',
    system: null,
    template: [
      'Describe the {focus} in this image in exactly {sentences} short, simple sentences.',
      'Describe only what is visible. Do not start with "There is" or "The image shows".',
      'Context: {context}',
      'Tags for reference: {tags}',
    ].join('\n'),
    tagStyle: 'spaces',
    sampling: { temperature: 0.7, top_p: 0.8, presence_penalty: 1.5, max_tokens: 300 },
  },
};

export const DEFAULT_PROMPT_PRESET: PromptPresetId = 'workflow';
