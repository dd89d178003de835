import fs from 'node:fs';
import path from 'node:path';
import { HandlerError } from '../../../shared/contract/api.ts';
import type { Vocabulary } from '../../../shared/contract/models.ts';
import { TAGSMITH_DIR } from '../settings/settings.ts';
import { parseSelectedTags } from '../../../shared/autocaption/labels.ts';

/** Where a tagger vocabulary is looked for, first match wins (relative to the dataset root). */
export const VOCABULARY_FILES = [`${TAGSMITH_DIR}/selected_tags.csv`, 'selected_tags.csv'] as const;
/** The WD14 lists are ~10k rows (~300 KB); anything far larger is not one of them. */
const MAX_BYTES = 32 * 1024 * 1024;

/** Loads the dataset's vocabulary, parsing a file again only when its size or mtime changed. */
export class VocabularyLoader {
  private cached: { key: string; value: Vocabulary } | null = null;

  async load(root: string): Promise<Vocabulary> {
    for (const rel of VOCABULARY_FILES) {
      const abs = path.join(root, ...rel.split('/'));
      const st = await fs.promises.stat(abs).catch(() => null);
      if (!st?.isFile()) continue;
      if (st.size > MAX_BYTES) throw new HandlerError('invalid-vocabulary', `${rel} is larger than ${MAX_BYTES >> 20} MB; not a tag list`);
      const key = `${abs}\0${st.size}\0${st.mtimeMs}`;
      if (this.cached?.key === key) return this.cached.value;
      const value: Vocabulary = { source: rel, tags: parseSelectedTags(await fs.promises.readFile(abs, 'utf8')).filter((t) => t.name !== '') };
      this.cached = { key, value };
      return value;
    }
    return { source: null, tags: [] };
  }
}
