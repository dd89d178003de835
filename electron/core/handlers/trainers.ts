import type { Handlers } from '../../../shared/contract/api.ts';
import { datasetTrainerConfigs } from '../export/configs.ts';
import { exportDataset } from '../export/export.ts';
import type { Session } from '../session/session.ts';
import { unwrap } from './errors.ts';

/**
 * The trainer handoff: configs for the dataset as it stands, and an export to a new folder.
 * `exportRoot`: web mode's export folder (export/confine.ts); null where the caller is the user.
 */
export function trainerHandlers(session: Session, exportRoot: string | null): Pick<Handlers, 'trainer.configs' | 'export.run'> {
  const confine = exportRoot === null ? undefined : { root: exportRoot };
  return {
    'trainer.configs': async ({ options }) => datasetTrainerConfigs(session.dataset(), options),
    // Only writes a new (or empty) folder outside the dataset: nothing the journal has to know about.
    'export.run': async (request) => unwrap(await exportDataset(session.dataset(), request, { confine })),
  };
}
