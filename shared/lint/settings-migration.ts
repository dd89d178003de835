import { tagKey } from '../tags/tag-key.ts';
import type { TagGroup } from './types.ts';

/*
 * Lint settings versions (the `version` inside settings.json's `lint`):
 *   absent  every tag group defaulted to `required: true`: every caption had to state a camera
 *           angle, a pose and a framing, which flagged nearly every caption of sets that never
 *           state them (and every image of the bundled sample).
 *   2       groups are consistency rules: `required` defaults to false and a caption is flagged
 *           only when most captions state the group (groupMajority), or when the user marked the
 *           group required.
 *
 * The old default was written into settings.json on every save, so a stored `required: true`
 * cannot tell "the user chose it" from "the app wrote its default". Nothing in the app ever offered
 * that choice, and the three built-in groups were never picked by anyone: a built-in group stored
 * unchanged (same name, tags and exclusive) reads as not required. A group the user wrote or edited
 * by hand is a deliberate act and keeps what it says.
 */
export const LINT_SETTINGS_VERSION = 2 as const;

/** The built-in groups exactly as versions before 2 stored them. */
const LEGACY_BUILT_IN_GROUPS: readonly TagGroup[] = [
  { name: 'camera angle', tags: ['low angle', 'high angle', 'from above', 'from below', 'eye level', 'from side', 'from behind'], exclusive: true, required: true },
  { name: 'pose', tags: ['standing', 'sitting', 'kneeling', 'lying', 'squatting'], exclusive: true, required: true },
  { name: 'framing', tags: ['close-up', 'upper body', 'cowboy shot', 'full body'], exclusive: true, required: true },
];

const fingerprint = (g: TagGroup): string => JSON.stringify([g.name, g.tags.map(tagKey), g.exclusive, g.required]);

const LEGACY_BUILT_IN = new Set(LEGACY_BUILT_IN_GROUPS.map(fingerprint));

/** The groups of lint settings stored before version 2, as version 2 reads them. */
export function migrateGroups(groups: readonly TagGroup[]): TagGroup[] {
  return groups.map((g) => (LEGACY_BUILT_IN.has(fingerprint(g)) ? { ...g, required: false } : g));
}
