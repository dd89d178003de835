import * as z from 'zod';
import { TAGGER_DEVICES, type TaggerDevice } from '../../../shared/autocaption/device.ts';
import { err, ok, type AppError, type Result } from '../../../shared/result.ts';
import { loadConfigSection, sectionProblem, updateConfigFile, type LoadedSection } from './prefs-file.ts';

/*
 * The machine-level tagger section of the per-user config file (`tagger` beside `editor` and `llm`):
 * which execution provider the WD14 tagger uses on this machine. Not a dataset setting: the same
 * dataset opened on a laptop and on a GPU box should tag on each one's best device.
 *
 *   "tagger": { "device": "auto" }      // auto | cpu | cuda | dml | coreml
 */

export const TaggerSectionSchema = z.looseObject({
  device: z.enum(TAGGER_DEVICES).default('auto'),
});
export type TaggerSection = z.infer<typeof TaggerSectionSchema>;

export const TAGGER_SECTION = 'tagger';

export type LoadedTaggerSection = LoadedSection<TaggerSection>;

export const loadTaggerSection = (file: string): Promise<LoadedTaggerSection> => loadConfigSection(file, TAGGER_SECTION, TaggerSectionSchema);

/** This machine's tagger device; a broken file or section gives 'auto' (the problem is the caller's to show). */
export async function taggerDevice(file: string): Promise<TaggerDevice> {
  return (await loadTaggerSection(file)).section.device;
}

/** Saves this machine's tagger device, keeping every other key of the section and the file. */
export async function saveTaggerDevice(file: string, device: TaggerDevice): Promise<Result<void, AppError>> {
  const saved = await updateConfigFile(file, (prefs) => {
    const raw = (prefs as Record<string, unknown>)[TAGGER_SECTION] ?? {};
    const section = TaggerSectionSchema.safeParse(raw);
    if (!section.success) return err(sectionProblem(file, TAGGER_SECTION, section.error));
    if (Object.hasOwn(raw as object, 'device') && section.data.device === device) return ok(prefs);
    return ok({ ...prefs, [TAGGER_SECTION]: { ...(raw as Record<string, unknown>), device } });
  });
  return saved.ok ? ok(undefined) : saved;
}
