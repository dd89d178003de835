import type { MergeMode } from '../../../shared/autocaption/config.ts';
import type { JobCount } from '../../../shared/autocaption/needs-caption.ts';
import { fileName } from '../../../shared/contract/ids.ts';

/*
 * The scope's words in the auto-caption dialog. The numbers come from countJob
 * (shared/autocaption/needs-caption.ts), the rule the job itself applies, so "All (7 of 303)" means 7
 * captions, not 303.
 */

const images = (n: number) => `${n.toLocaleString()} image${n === 1 ? '' : 's'}`;

/** A scope option's label: "All (303)", or under skip mode "All (7 of 303)" when some are skipped. */
export function scopeLabel(name: string, c: JobCount, mode: MergeMode): string {
  const shown = mode === 'skip' && c.toCaption !== c.inScope ? `${c.toCaption.toLocaleString()} of ${c.inScope.toLocaleString()}` : c.inScope.toLocaleString();
  return `${name} (${shown})`;
}

/** The line under the scope: what Start will do to the chosen images. `imageId`: a single-image re-caption. */
export function scopeSummary(c: JobCount, mode: MergeMode, imageId: string | null = null): string {
  if (c.inScope === 0) return '';
  const skipped = c.inScope - c.toCaption;
  if (imageId !== null && skipped > 0) return `${fileName(imageId)} has a caption; skip mode leaves it alone.`;
  if (mode !== 'skip' || skipped === 0) return `${images(c.toCaption)} will be captioned.`;
  if (c.toCaption === 0) return `All ${images(c.inScope)} have a caption; skip mode leaves them alone.`;
  return `${images(c.toCaption)} will be captioned; ${skipped.toLocaleString()} with a caption ${skipped === 1 ? 'is' : 'are'} skipped.`;
}
