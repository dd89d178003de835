import type { Handlers } from '../../../shared/contract/api.ts';
import { datasetTrainerConfigs } from '../export/configs.ts';
import { exportDataset } from '../export/export.ts';
import type { Session } from '../session/session.ts';
import { unwrap } from './errors.ts';

/** The trainer handoff: configs for the dataset as it stands, and an export to a new folder. */
export function trainerHandlers(session: Session): Pick<Handlers, 'trainer.configs' | 'export.run'> {
  return {
    'trainer.configs': async ({ options }) => datasetTrainerConfigs(session.dataset(), options),
    // Only writes a new (or empty) folder outside the dataset: nothing the journal has to know about.
    'export.run': async (request) => unwrap(await exportDataset(session.dataset(), request)),
  };
}
