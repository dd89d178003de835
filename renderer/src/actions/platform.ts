/** The platform's modifier names, shared by the shortcut registry and the messages that name a shortcut. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl+';

/**
 * The journal's undo and redo keys, here rather than in registry.ts so actions/history.ts can name
 * them in its messages without importing the registry (which imports it).
 */
export const HISTORY_KEYS = { undo: `${MOD}Z`, redo: isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z' } as const;
