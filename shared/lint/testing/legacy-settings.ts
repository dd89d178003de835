/** The `lint` object exactly as versions before 2 wrote it into settings.json on any save (every group `required: true`). */
export const LEGACY_SAVED_LINT = {
  disabled: ['clip-budget'],
  groups: [
    { name: 'camera angle', tags: ['low angle', 'high angle', 'from above', 'from below', 'eye level', 'from side', 'from behind'], exclusive: true, required: true },
    { name: 'pose', tags: ['standing', 'sitting', 'kneeling', 'lying', 'squatting'], exclusive: true, required: true },
    { name: 'framing', tags: ['close-up', 'upper body', 'cowboy shot', 'full body'], exclusive: true, required: true },
  ],
  clipBudget: 150,
  nearDuplicate: 0.9,
  imageDistance: 6,
};
