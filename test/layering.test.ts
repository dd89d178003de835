import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rules live in eslint.config.js; these cases prove they fire (a rule that never fires is no rule).
const eslint = new ESLint({ cwd: process.cwd() });

async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering lint', () => {
  it.each([
    ['shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['shared/x.ts', "import { readFileSync } from 'fs';\nexport const f = readFileSync;\n"],
    ['shared/x.ts', "import { Dataset } from '../electron/core/dataset/dataset.ts';\nexport const d = Dataset;\n"],
    ['shared/x.ts', 'export const cwd = process.cwd();\n'],
    ['shared/x.ts', 'export const el = document.body;\n'],
    ['electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['renderer/x.ts', "import { join } from 'node:path';\nexport const j = join;\n"],
    ['renderer/x.ts', "import { Dataset } from '../electron/core/dataset/dataset.ts';\nexport const d = Dataset;\n"],
  ])('%s: %s is rejected', async (file, code) => {
    const found = await errors(file, code);
    expect(found.some((m) => /no-restricted-(imports|globals)/.test(m))).toBe(true);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
    ['electron/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['renderer/x.ts', "import { ok } from '../shared/result.ts';\nexport const o = ok;\n"],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await errors(file, code)).toEqual([]);
  });
});
