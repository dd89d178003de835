import fs from 'node:fs';
import path from 'node:path';
import { HandlerError } from '../../../shared/contract/api.ts';
import type { Vocabulary } from '../../../shared/contract/models.ts';
import { TAGSMITH_DIR } from '../settings/settings.ts';
import { parseCsv } from './csv.ts';

type VocabularyTag = Vocabulary['tags'][number];

/** Where a tagger vocabulary is looked for, first match wins (relative to the dataset root). */
export const VOCABULARY_FILES = [`${TAGSMITH_DIR}/selected_tags.csv`, 'selected_tags.csv'] as const;
/** The WD14 lists are ~10k rows (~300 KB); anything far larger is not one of them. */
const MAX_BYTES = 32 * 1024 * 1024;

/**
 * Reads a WD14 `selected_tags.csv` (`tag_id,name,category,count`). Columns are found by the header
 * when there is one; names keep their underscores exactly as in the file. Rows without a name are
 * skipped; a missing or non-numeric count or category reads as 0.
 */
export function parseSelectedTags(text: string): VocabularyTag[] {
  const rows = parseCsv(text);
  const header = rows[0]?.map((cell) => cell.trim().toLowerCase()) ?? [];
  const hasHeader = header.includes('name');
  const col = (name: string, fallback: number) => (hasHeader ? header.indexOf(name) : fallback);
  const nameAt = col('name', 1);
  const categoryAt = col('category', 2);
  const countAt = col('count', 3);
  const tags: VocabularyTag[] = [];
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const name = row[nameAt]?.trim() ?? '';
    if (name === '') continue;
    tags.push({ name, category: numberAt(row, categoryAt), count: numberAt(row, countAt) });
  }
  return tags;
}

function numberAt(row: readonly string[], at: number): number {
  const n = at < 0 ? NaN : Number(row[at]?.trim() || NaN);
  return Number.isFinite(n) ? n : 0;
}

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
      const value: Vocabulary = { source: rel, tags: parseSelectedTags(await fs.promises.readFile(abs, 'utf8')) };
      this.cached = { key, value };
      return value;
    }
    return { source: null, tags: [] };
  }
}
