/**
 * Image addresses. An image id is its path relative to the dataset root with `/` separators; each
 * segment is percent-encoded so names with spaces, `#`, `%`, `?` or unicode survive. The backend
 * decodes, then checks containment in the dataset root before serving anything.
 */
export const encodeId = (id: string): string => id.split('/').map(encodeURIComponent).join('/');

/** Web mode: routes on the serving origin. */
export const webMediaUrl = (id: string): string => `/media/${encodeId(id)}`;
export const webThumbnailUrl = (id: string, size: number): string => `/thumbs/${encodeId(id)}?size=${Math.round(size)}`;

/** Electron: the custom `dataset:` scheme registered by the main process (never file://). */
export const DATASET_SCHEME = 'dataset';
export const electronMediaUrl = (id: string): string => `${DATASET_SCHEME}://media/${encodeId(id)}`;
export const electronThumbnailUrl = (id: string, size: number): string => `${DATASET_SCHEME}://thumbs/${encodeId(id)}?size=${Math.round(size)}`;

/** Thumbnail sizes the backend renders; requests are rounded up to one of these so the cache is shared. */
export const THUMBNAIL_SIZES = [128, 256, 512] as const;
export const thumbnailBucket = (size: number): number => THUMBNAIL_SIZES.find((s) => s >= size) ?? THUMBNAIL_SIZES[THUMBNAIL_SIZES.length - 1]!;
