import type { Handlers } from '../../../shared/contract/api.ts';
import type { Session } from '../session/session.ts';
import { VocabularyLoader } from './vocabulary-file.ts';

export function vocabularyHandlers(session: Session): Pick<Handlers, 'vocabulary.get'> {
  const loader = new VocabularyLoader();
  return {
    'vocabulary.get': async () => loader.load(session.root),
  };
}
