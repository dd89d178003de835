import type { BatchStep } from '../store/types.ts';

/** The steps chained so far; the operation being edited below them runs last. */
export function StepList({ steps, onRemove }: { steps: readonly BatchStep[]; onRemove(index: number): void }) {
  if (steps.length === 0) return null;
  return (
    <ol className="ts-bsteps" aria-label="Steps">
      {steps.map((step, i) => (
        <li key={`${i}:${step.label}`}>
          <span className="ts-bstep-label">{step.label}</span>
          <button type="button" className="btn btn-quiet btn-icon" aria-label={`Remove step ${i + 1}: ${step.label}`} title="Remove this step" onClick={() => onRemove(i)}>
            ×
          </button>
        </li>
      ))}
    </ol>
  );
}
