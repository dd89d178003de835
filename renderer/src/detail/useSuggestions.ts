import { useEffect, useMemo, useState } from 'react';
import type { Transport } from '../../../shared/contract/index.ts';
import { useStore } from '../store/index.ts';
import { buildCandidates, type Candidate, type VocabularyEntry } from './suggest.ts';

// Fetched once per connection: the vocabulary file does not change while the app runs, and every
// panel instance (single and multi-select) shares it.
const vocabularies = new WeakMap<Transport, Promise<readonly VocabularyEntry[]>>();

function loadVocabulary(transport: Transport): Promise<readonly VocabularyEntry[]> {
  let pending = vocabularies.get(transport);
  if (!pending) {
    // A missing vocabulary only narrows the suggestions to the dataset's own tags.
    pending = transport.api['vocabulary.get']({}).then(
      (res) => (res.ok ? res.value.tags : []),
      () => [],
    );
    vocabularies.set(transport, pending);
  }
  return pending;
}

/** The autocomplete candidates, rebuilt only when the dataset's tag counts or the vocabulary change. */
export function useCandidates(): readonly Candidate[] {
  const transport = useStore((s) => s.transport);
  const tagCounts = useStore((s) => s.tagCounts);
  const [vocabulary, setVocabulary] = useState<readonly VocabularyEntry[]>([]);
  useEffect(() => {
    if (!transport) return;
    let live = true;
    void loadVocabulary(transport).then((v) => {
      if (live) setVocabulary(v);
    });
    return () => {
      live = false;
    };
  }, [transport]);
  return useMemo(() => buildCandidates(tagCounts, vocabulary), [tagCounts, vocabulary]);
}
