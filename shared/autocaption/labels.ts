import { parseCsv } from '../csv.ts';

/** One row of a WD14 `selected_tags.csv`. Category 9 rating, 0 general, 4 character (FACTS.md). */
export interface TagLabel {
  name: string;
  category: number;
  count: number;
}

export const CATEGORY = { general: 0, character: 4, rating: 9 } as const;

/**
 * Reads a WD14 `selected_tags.csv` (`tag_id,name,category,count`). Columns are found by the header
 * when there is one; names keep their underscores exactly as in the file. The row order is kept:
 * row i names output i of the model. A missing or non-numeric count or category reads as 0.
 * Rows without a name are kept as empty names (skipping them would shift every later output).
 */
export function parseSelectedTags(text: string): TagLabel[] {
  const rows = parseCsv(text);
  const header = rows[0]?.map((cell) => cell.trim().toLowerCase()) ?? [];
  const hasHeader = header.includes('name');
  const col = (name: string, fallback: number) => (hasHeader ? header.indexOf(name) : fallback);
  const nameAt = col('name', 1);
  const categoryAt = col('category', 2);
  const countAt = col('count', 3);
  return (hasHeader ? rows.slice(1) : rows).map((row) => ({
    name: row[nameAt]?.trim() ?? '',
    category: numberAt(row, categoryAt),
    count: numberAt(row, countAt),
  }));
}

function numberAt(row: readonly string[], at: number): number {
  const n = at < 0 ? NaN : Number(row[at]?.trim() || NaN);
  return Number.isFinite(n) ? n : 0;
}
