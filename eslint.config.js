// Layering is enforced here, not in review (README "Layout"):
//   shared/          pure TypeScript: no Node built-ins, no electron/, no renderer/, no DOM
//   electron/core/   plain Node services: never `electron`
//   renderer/        browser only: never Node built-ins or electron/
// The matching tsconfig.*.json files also withhold Node and DOM types per layer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodePatterns = nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not allowed in this layer.' }));

// Raw IPC only in the two typed wrappers; a default import would hand out ipcMain/ipcRenderer too.
const ipcWrappers = ['electron/main/ipc.ts', 'electron/preload/preload.ts'];
const restrictElectron = (importNames) => ({
  name: 'electron',
  importNames: [...importNames, 'default'],
  message: 'Raw ipcMain lives only in electron/main/ipc.ts, ipcRenderer only in electron/preload/preload.ts; use the typed contract.',
});
const rawIpc = restrictElectron(['ipcMain', 'ipcRenderer']);
// The sandboxed preload is the page's only window onto the app: electron and the contract, nothing else.
const preloadOnly = {
  regex: '^(?!electron$)(?!(\\.\\./)+shared/contract/[^/]+\\.ts$)',
  message: 'electron/preload/ may import only electron and shared/contract/.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', '.tagsmith/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'bin/*'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // bin/ is CommonJS (bin/package.json) but for its .mjs files: an ES module entry starts slower.
  {
    files: ['bin/*'],
    ignores: ['bin/*.mjs', 'bin/*.json'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', __filename: 'readonly', Buffer: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Before the layer blocks: those ban `electron` outright in their layers and, being later, win there.
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: ipcWrappers,
    rules: { 'no-restricted-imports': ['error', { paths: [rawIpc] }] },
  },
  {
    files: ['electron/main/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [restrictElectron(['ipcRenderer'])] }] },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [rawIpc], patterns: [preloadOnly] }] },
  },
  {
    files: ['electron/preload/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [restrictElectron(['ipcMain'])], patterns: [preloadOnly] }] },
  },
  {
    files: ['shared/**/*.ts', 'models/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodePatterns, { name: 'electron', message: 'shared/ is pure.' }],
        patterns: [
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from electron/ or renderer/.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'core/, cli/ and web/ are plain Node: never import electron.' }],
        patterns: [{ group: ['**/renderer/**'], message: 'The backend never imports the renderer.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodePatterns, { name: 'electron', message: 'The renderer talks only to the typed API.' }],
        patterns: [{ group: ['**/electron/**'], message: 'The renderer never imports electron/.' }],
      }],
    },
  },
);
