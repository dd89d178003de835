import { aiToolkitYaml, kohyaToml, oneTrainerConcept, type TrainerConfigInput } from '../../../shared/trainers/index.ts';
import type { TrainerFormat } from '../../../shared/trainers/types.ts';

/** The one config file an export writes beside the data, by trainer. */
export const CONFIG_FILE_NAMES: Record<TrainerFormat, string> = {
  kohya: 'dataset.toml',
  'ai-toolkit': 'dataset.yaml',
  onetrainer: 'concept.json',
};

export function configFileText(format: TrainerFormat, input: TrainerConfigInput, plan: { repeats: number; reason: string }): string {
  switch (format) {
    case 'kohya':
      return kohyaToml(input, plan);
    case 'ai-toolkit':
      return aiToolkitYaml(input);
    case 'onetrainer':
      return oneTrainerConcept(input, plan.repeats);
  }
}
