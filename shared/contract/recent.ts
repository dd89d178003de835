import * as z from 'zod';

/*
 * The desktop app's recent dataset folders (kept in the per-user config file), for the page's
 * "Recent folders" list; File > Open Recent shows the same list. Opening one is `dataset.open`.
 */

export const RecentFoldersSchema = z.object({
  /** False in web mode: the server is bound to the folder it serves, so there is nothing to pick. */
  canOpen: z.boolean(),
  /** Most recent first. A missing folder (unplugged drive) is listed but cannot be opened. */
  folders: z.array(z.object({ path: z.string(), missing: z.boolean() })),
});
export type RecentFolders = z.infer<typeof RecentFoldersSchema>;

export const recentChannels = {
  'recent.list': { request: z.object({}).strict(), response: RecentFoldersSchema },
} as const;
