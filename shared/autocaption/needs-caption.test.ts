import { describe, expect, it } from 'vitest';
import { MERGE_MODES } from './config.ts';
import { parseCaption } from '../caption/index.ts';
import { countJob, type CaptionSource } from './needs-caption.ts';

// One image per case the skip rule distinguishes, with the dataset's trigger words `ohwx, sks`.
const CAPTIONS: Record<string, string | null> = {
  'none.png': null,
  'empty.png': '',
  'blank.png': ' \r\n\t\n',
  'trigger.png': 'ohwx',
  'triggers.png': 'ohwx, sks\n',
  'trigger-case.png': '\uFEFFOHWX ,  Sks ,\r\n',
  'trigger-notes.png': 'ohwx\nnotes on line 2 are not read by trainers',
  'tags.png': 'ohwx, 1girl, solo',
  'prose.png': 'ohwx. She sits on a bench.',
  'other.png': 'hand written caption',
  'line2.png': '\nonly line 2 has text',
};
const TRIGGERS = ['ohwx', 'sks'];
const ids = Object.keys(CAPTIONS);
const NEED = ['none.png', 'empty.png', 'blank.png', 'trigger.png', 'triggers.png', 'trigger-case.png', 'trigger-notes.png'];

const source = (drafts: CaptionSource['drafts'] = {}): CaptionSource => ({
  docs: Object.fromEntries(ids.map((id) => [id, CAPTIONS[id] === null ? null : parseCaption(CAPTIONS[id]!)])),
  drafts,
});

describe('countJob', () => {
  it('counts under skip only images with no caption, a blank one or one holding only the trigger words', () => {
    expect(countJob(ids, source(), 'skip', TRIGGERS)).toEqual({ inScope: ids.length, toCaption: NEED.length });
    for (const id of ids) expect(countJob([id], source(), 'skip', TRIGGERS).toCaption, id).toBe(NEED.includes(id) ? 1 : 0);
  });

  it('counts every image in scope under append and replace', () => {
    for (const mode of ['append', 'replace'] as const) expect(countJob(ids, source(), mode, TRIGGERS)).toEqual({ inScope: ids.length, toCaption: ids.length });
  });

  it('without trigger words, a one-word caption is a caption', () => {
    expect(countJob(['trigger.png'], source(), 'skip', []).toCaption).toBe(0);
  });

  it('reads an unsaved edit, as the job will once drafts are saved before it starts', () => {
    expect(countJob(['none.png', 'tags.png'], source({ 'none.png': { text: '1girl' }, 'tags.png': { text: 'ohwx' } }), 'skip', TRIGGERS)).toEqual({ inScope: 2, toCaption: 1 });
  });

  it('never counts more than the scope, in any mode', () => {
    for (const mode of MERGE_MODES) {
      const c = countJob(ids.slice(0, 4), source(), mode, TRIGGERS);
      expect(c.toCaption).toBeLessThanOrEqual(c.inScope);
    }
  });
});
