import { count, have } from '../text.ts';
import type { Draft, Rule } from './rule.ts';

/*
 * empty: an image that trains without a caption. Both cases count, in two findings:
 *   - no caption file at all (kohya and OneTrainer then train it with an empty caption, or just the
 *     class word: the picture is learned with nothing to tie it to);
 *   - a caption file whose line 1 holds no tag and no sentence, even if later lines hold text,
 *     since trainers read only line 1.
 */
export const empty: Rule = (ctx) => {
  const missing = ctx.entries.filter((e) => e.state === 'missing');
  const blank = ctx.entries.filter((e) => e.state === 'blank');
  const drafts: Draft[] = [];
  if (missing.length > 0) {
    drafts.push({
      rule: 'empty',
      severity: 'warning',
      indices: missing.map((e) => e.index),
      message: `${count(missing.length, 'image')} ${have(missing.length)} no caption file: trainers use an empty caption for them`,
    });
  }
  if (blank.length > 0) {
    const below = blank.filter((e) => e.textBelow).length;
    const note = below > 0 ? ` (${below} with text on later lines, which trainers never read)` : '';
    drafts.push({
      rule: 'empty',
      severity: 'warning',
      indices: blank.map((e) => e.index),
      message: `${count(blank.length, 'caption')} ${have(blank.length)} a blank first line${note}: the image trains with an empty caption`,
    });
  }
  return drafts;
};
