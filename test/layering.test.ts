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
    // Raw IPC outside the two wrappers, by name, by default import and by namespace import.
    ['electron/main/window.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"],
    ['electron/main/main.ts', "import electron from 'electron';\nexport const i = electron.ipcMain;\n"],
    ['electron/main/menu.ts', "import * as electron from 'electron';\nexport const i = electron;\n"],
    ['electron/main/ipc.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['electron/preload/other.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['test/x.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"],
    ['scripts/x.mjs', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"],
    // The preload reaches nothing but electron and the contract.
    ['electron/preload/preload.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"],
    ['electron/preload/preload.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['electron/preload/preload.ts', "import { z } from 'zod';\nexport const s = z;\n"],
    ['electron/preload/preload.ts', "import { ok } from '../../shared/result.ts';\nexport const o = ok;\n"],
    ['electron/preload/preload.ts', "import { Dataset } from '../core/dataset/dataset.ts';\nexport const d = Dataset;\n"],
    ['electron/preload/preload.ts', "import { x } from '../../shared/contract/../../electron/core/x.ts';\nexport const y = x;\n"],
  ])('%s: %s is rejected', async (file, code) => {
    const found = await errors(file, code);
    expect(found.some((m) => /no-restricted-(imports|globals)/.test(m))).toBe(true);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
    ['electron/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['renderer/x.ts', "import { ok } from '../shared/result.ts';\nexport const o = ok;\n"],
    ['electron/main/ipc.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"],
    ['electron/main/window.ts', "import { BrowserWindow } from 'electron';\nexport const w = BrowserWindow;\n"],
    [
      'electron/preload/preload.ts',
      "import { contextBridge, ipcRenderer } from 'electron';\nimport { BRIDGE_KEY } from '../../shared/contract/bridge.ts';\nexport const x = [contextBridge, ipcRenderer, BRIDGE_KEY];\n",
    ],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await errors(file, code)).toEqual([]);
  });
});
