import type { LlmConfig, LlmExtraEndpoint } from '../../../shared/autocaption/config.ts';

/*
 * The dialog's "More servers" rows (several GPU boxes sharing one job) as plain data: typed text per
 * row, checked and turned into the settings' `extraEndpoints` here, so the rules are unit-tested.
 */

export interface ExtraServerRow {
  baseUrl: string;
  /** Empty: the main server's model name. */
  model: string;
  concurrency: string;
}

export const emptyRow = (): ExtraServerRow => ({ baseUrl: '', model: '', concurrency: '2' });

export function rowsFromSettings(llm: Pick<LlmConfig, 'extraEndpoints'>): ExtraServerRow[] {
  return (llm.extraEndpoints ?? []).map((e) => ({ baseUrl: e.baseUrl, model: e.model, concurrency: String(e.concurrency) }));
}

const httpUrl = (text: string): boolean => {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

export type BuiltRows = { ok: true; value: LlmExtraEndpoint[] } | { ok: false; message: string };

/** The rows as settings, or the first problem in words that name the row ("Server 2: …"). */
export function buildRows(rows: readonly ExtraServerRow[]): BuiltRows {
  const out: LlmExtraEndpoint[] = [];
  for (const [i, row] of rows.entries()) {
    const name = `Server ${i + 2}`;
    if (!httpUrl(row.baseUrl)) return { ok: false, message: `${name}: the URL must start with http:// or https://.` };
    const n = Number(row.concurrency.trim());
    if (row.concurrency.trim() === '' || !Number.isInteger(n) || n < 1 || n > 32) return { ok: false, message: `${name}: concurrency must be a whole number from 1 to 32.` };
    out.push({ baseUrl: row.baseUrl.trim(), model: row.model.trim(), concurrency: n });
  }
  return { ok: true, value: out };
}

/** The config with these servers; none leaves no list at all, as settings from before it existed. */
export function withExtraEndpoints(llm: LlmConfig, extra: readonly LlmExtraEndpoint[]): LlmConfig {
  const { extraEndpoints: _old, ...rest } = llm;
  return extra.length > 0 ? { ...rest, extraEndpoints: [...extra] } : rest;
}

/** A row's server as a config of its own, for "Test connection" on it (the one check, llm/check.ts). */
export function rowConfig(main: LlmConfig, row: ExtraServerRow): LlmConfig | null {
  if (!httpUrl(row.baseUrl)) return null;
  const { extraEndpoints: _extra, ...rest } = main;
  return { ...rest, baseUrl: row.baseUrl.trim(), model: row.model.trim() === '' ? main.model : row.model.trim() };
}
