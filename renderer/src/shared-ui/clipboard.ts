/**
 * The system clipboard, or null where the browser gives none: a page served over plain HTTP to
 * another machine (`tagsmith serve --host`) is no secure context. Copy buttons are disabled then.
 */
export const clipboard = (): Clipboard | null => (typeof navigator !== 'undefined' && navigator.clipboard ? navigator.clipboard : null);
