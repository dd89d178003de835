import { aiToolkitYaml, kohyaToml, oneTrainerConcept, type TrainerConfigInput } from '../../../shared/trainers/index.ts';
import type { TrainerFormat } from '../../../shared/trainers/types.ts';

export { CONFIG_FILE_NAMES } from '../../../shared/trainers/index.ts';

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
