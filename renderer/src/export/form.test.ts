import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import { TrainerOptionsSchema } from '../../../shared/trainers/types.ts';
import { configText, defaultForm, exportedMessage, optionsFromForm, requestFromForm, type ExportForm } from './form.ts';

const settings = DatasetSettingsSchema.parse({});
const form = (patch: Partial<ExportForm> = {}): ExportForm => ({ ...defaultForm(settings), ...patch });
const errorsOf = (built: ReturnType<typeof requestFromForm>) => (built.ok ? {} : built.errors);

describe('export form -> trainer options', () => {
  it('starts from the schema defaults and the dataset’s token budget', () => {
    expect(optionsFromForm(form())).toEqual({ ok: true, value: TrainerOptionsSchema.parse({}) });
    const long = DatasetSettingsSchema.parse({ lint: { clipBudget: 225 } });
    expect(defaultForm(long).maxTokenLength).toBe(225);
  });

  it('maps every field; an empty Repeats means computed', () => {
    fc.assert(
      fc.property(
        fc.record({
          repeats: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
          targetSteps: fc.integer({ min: 1, max: 10_000_000 }),
          epochs: fc.integer({ min: 1, max: 10_000 }),
          batchSize: fc.integer({ min: 1, max: 1024 }),
          resolution: fc.integer({ min: 64, max: 8192 }),
          classWord: fc.stringMatching(/^[a-z]{0,12}$/),
          maxTokenLength: fc.constantFrom(75 as const, 150 as const, 225 as const),
          shuffleCaption: fc.boolean(),
        }),
        (o) => {
          const f = form({
            ...o,
            repeats: o.repeats === null ? ' ' : String(o.repeats),
            targetSteps: ` ${o.targetSteps}`,
            epochs: String(o.epochs),
            batchSize: String(o.batchSize),
            resolution: String(o.resolution),
          });
          expect(optionsFromForm(f)).toEqual({ ok: true, value: o });
        },
      ),
    );
  });

  it('names each bad field in one short line', () => {
    const built = optionsFromForm(form({ repeats: '0', targetSteps: 'many', epochs: '2.5', batchSize: '2000', resolution: '', classWord: 'x'.repeat(101) }));
    expect(built).toEqual({
      ok: false,
      errors: {
        repeats: 'Must be at least 1',
        targetSteps: 'Must be a whole number',
        epochs: 'Must be a whole number',
        batchSize: 'Must be at most 1024',
        resolution: 'Must be a whole number',
        classWord: 'At most 100 characters',
      },
    });
  });
});

describe('export form -> export request', () => {
  it('asks for a destination and builds the request with the options', () => {
    expect(errorsOf(requestFromForm(form()))).toEqual({ to: 'Choose a destination folder' });
    const built = requestFromForm(form({ to: '  /out/set ', classWord: 'woman' }));
    expect(built).toEqual({
      ok: true,
      value: { to: '/out/set', format: 'kohya', options: { ...TrainerOptionsSchema.parse({}), classWord: 'woman' }, placeholders: false, maxSide: null, kohyaFolders: true, bakeRotation: true },
    });
  });

  it('sends placeholders for ai-toolkit only, and the longest side only when resizing', () => {
    const to = '/out';
    expect(requestFromForm(form({ to, placeholders: true, format: 'onetrainer' }))).toMatchObject({ ok: true, value: { placeholders: false } });
    expect(requestFromForm(form({ to, placeholders: true, format: 'ai-toolkit' }))).toMatchObject({ ok: true, value: { placeholders: true, format: 'ai-toolkit' } });
    expect(requestFromForm(form({ to, maxSide: 'abc' }))).toMatchObject({ ok: true, value: { maxSide: null } });
    expect(requestFromForm(form({ to, resize: true, maxSide: '768' }))).toMatchObject({ ok: true, value: { maxSide: 768 } });
    expect(errorsOf(requestFromForm(form({ to, resize: true, maxSide: '10' })))).toEqual({ maxSide: 'Must be at least 64' });
  });

  it('reports option and request errors together', () => {
    expect(errorsOf(requestFromForm(form({ epochs: '0', resize: true, maxSide: '' })))).toEqual({
      epochs: 'Must be at least 1',
      to: 'Choose a destination folder',
      maxSide: 'Must be a whole number',
    });
  });
});

describe('showing configs and results', () => {
  it('picks the chosen trainer’s config', () => {
    const plan = { images: 4, repeats: 10, repeatsReason: 'given', notes: [] };
    const plans = { kohya: plan, 'ai-toolkit': { ...plan, repeats: null }, onetrainer: plan };
    const configs = { plans, kohyaFolder: '10_ohwx woman', kohya: 'toml', aiToolkit: 'yaml', oneTrainer: 'json' };
    expect([configText(configs, 'kohya'), configText(configs, 'ai-toolkit'), configText(configs, 'onetrainer')]).toEqual(['toml', 'yaml', 'json']);
  });

  it('says what was exported, and what was skipped', () => {
    const result = { to: '/out', imagesDir: '/out/10_ohwx woman', images: 12, captions: 1, skipped: [], configFile: '/out/dataset.toml' };
    expect(exportedMessage(result)).toBe('Exported 12 images and 1 caption to /out/10_ohwx woman; config: /out/dataset.toml');
    const skipped = [
      { id: 'a.png', reason: 'unreadable' },
      { id: 'b.png', reason: 'unreadable' },
    ];
    expect(exportedMessage({ ...result, skipped })).toMatch(/\. Skipped 2 images: a\.png \(unreadable\) and 1 more$/);
  });
});
