import { useMemo } from 'react';
import { useStore } from '../store/index.ts';
import { lintMarksOf } from '../store/lint.ts';
import { badgesFor, type Badge } from './badges.ts';

/** What an image's grid card or list row flags, kept current from the store. */
export function useBadges(id: string): Badge[] {
  const image = useStore((s) => s.images[id]);
  const draft = useStore((s) => s.drafts[id]);
  const working = useStore((s) => s.jobActive.has(id));
  const failure = useStore((s) => s.jobFailures.get(id));
  // Marks belong to the dataset the report was made for (Electron can open another folder).
  const lint = useStore((s) => lintMarksOf(s).get(id));
  const reviewed = useStore((s) => s.reviewed.has(id));
  const words = useStore((s) => s.info?.settings.triggerWords);
  return useMemo(() => badgesFor(image, draft, { working, failure }, lint, reviewed, words), [image, draft, working, failure, lint, reviewed, words]);
}

export function BadgeList({ badges, id, className }: { badges: readonly Badge[]; id: string; className: string }) {
  return (
    <span className={className} id={id}>
      {badges.map((b) => (
        <span key={b.kind} className={b.severity ? `badge badge-${b.kind} is-${b.severity}` : `badge badge-${b.kind}`} title={b.detail}>
          {b.text}
        </span>
      ))}
    </span>
  );
}
