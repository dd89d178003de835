import { useMemo } from 'react';
import { splitFirstLine } from '../../../shared/caption/index.ts';
import type { JobProposal } from '../../../shared/contract/index.ts';
import { diffWords } from '../batch/diff.ts';
import { Segments } from '../batch/PreviewList.tsx';

// Line 1 only: auto-caption writes line 1 and keeps every line after it (shared/autocaption/merge.ts).
const line1 = (text: string): string => splitFirstLine(text).line;

function Proposal({ proposal }: { proposal: JobProposal }) {
  const d = useMemo(() => diffWords(proposal.before === null ? '' : line1(proposal.before), line1(proposal.after)), [proposal]);
  return (
    <li className="ac-review-item">
      <div className="ac-review-file">{proposal.captionPath}</div>
      <div className="ac-review-line">
        <span className="ac-review-label">Now</span>
        {proposal.before === null ? <em>(no caption file)</em> : <Segments segments={d.before} mark="del" />}
      </div>
      <div className="ac-review-line">
        <span className="ac-review-label">New</span>
        <Segments segments={d.after} mark="ins" />
      </div>
    </li>
  );
}

/**
 * A re-caption's result before anything is written: the caption now and the one Accept writes, with
 * what goes struck through and what comes highlighted. Caption text is rendered as text, never HTML.
 */
export default function ReviewProposal({ proposals }: { proposals: readonly JobProposal[] }) {
  return (
    <ul className="ac-review" aria-label="New caption to review">
      {proposals.map((p) => (
        <Proposal key={p.captionPath} proposal={p} />
      ))}
    </ul>
  );
}
