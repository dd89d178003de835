/*
 * Image ids are paths relative to the dataset root with `/` separators (see models.ts); these read
 * their parts the same way on every platform.
 */

/** The file name of an image id (`set b/img_01.png` -> `img_01.png`). */
export const fileName = (id: string): string => id.slice(id.lastIndexOf('/') + 1);

/** The folder of an image id, '' at the root (`set b/img_01.png` -> `set b`). */
export const folderOf = (id: string): string => (id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : '');
