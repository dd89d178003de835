import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_OUT_DIR, MAIN_BUNDLE, PRELOAD_BUNDLE, RENDERER_OUT_DIR, SAMPLE_DIR } from '../electron/main/layout.ts';
// @ts-expect-error plain .mjs build script without type declarations
import { ELECTRON_OUT_DIR as SCRIPT_ELECTRON_OUT, buildElectron } from '../scripts/build-electron.mjs';
// @ts-expect-error plain .mjs build script without type declarations
import { RENDERER_OUT_DIR as SCRIPT_RENDERER_OUT } from '../scripts/build-renderer.mjs';

// electron-builder cannot run here (it downloads Electron), so its configuration is held to the
// tool's own schema and to what the build scripts really produce.
type FileSet = string | { from?: string; to?: string; filter?: string | string[] };
interface Config {
  files: FileSet[];
  extraResources: FileSet[];
  asarUnpack: string[];
  directories: { buildResources: string; output: string };
  linux: { target: string[]; icon: string };
  win: { target: string; icon: string };
  mac: { target: string; icon: string };
  [key: string]: unknown;
}

const configFile = path.resolve('build/electron-builder.yml');
const config = parse(fs.readFileSync(configFile, 'utf8')) as Config;
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { main: string; scripts: Record<string, string> };
const matches = (file: string, pattern: string): boolean => path.posix.matchesGlob(file, pattern);
const patterns = (sets: FileSet[]): string[] => sets.filter((s): s is string => typeof s === 'string');

// Inside the repository so the check sees the file names a real build writes.
const outDir = path.resolve('node_modules/.cache/tagsmith', `builder-config-test-${process.pid}`);
let electronFiles: string[] = [];
let validate: ValidateFunction;
beforeAll(async () => {
  const schema = JSON.parse(fs.readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as object;
  validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  electronFiles = ((await buildElectron({ outDir })) as string[]).map((f) => `${ELECTRON_OUT_DIR}/${f}`);
});
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('build/electron-builder.yml', () => {
  it("is valid against electron-builder's JSON schema", () => {
    expect(validate(config) ? [] : validate.errors).toEqual([]);
  });

  it('the schema check itself rejects a wrong configuration', () => {
    expect(validate({ ...config, asarUnpak: config.asarUnpack })).toBe(false);
    expect(validate({ ...config, linux: { ...config.linux, target: 42 } })).toBe(false);
  });

  it('targets AppImage + deb, NSIS and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toBe('nsis');
    expect(config.mac.target).toBe('dmg');
  });

  it('unpacks the native modules from the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/node_modules/sharp/**', '**/node_modules/@img/**', '**/node_modules/onnxruntime-node/**']),
    );
    expect(matches('node_modules/sharp/build/Release/sharp-linux-x64.node', config.asarUnpack[0]!)).toBe(true);
    expect(config.asarUnpack.some((p) => matches('node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.42', p))).toBe(true);
    expect(config.asarUnpack.some((p) => matches('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node', p))).toBe(true);
  });

  it('agrees with the build scripts and the app on where things are', () => {
    expect(SCRIPT_ELECTRON_OUT).toBe(ELECTRON_OUT_DIR);
    expect(SCRIPT_RENDERER_OUT).toBe(RENDERER_OUT_DIR);
    expect(pkg.main).toBe(MAIN_BUNDLE);
    expect(electronFiles).toEqual(expect.arrayContaining([MAIN_BUNDLE, PRELOAD_BUNDLE]));
  });

  it('packs everything the app loads at run time', () => {
    const included = (file: string): boolean => {
      const positive = patterns(config.files).filter((p) => !p.startsWith('!'));
      const negative = patterns(config.files).filter((p) => p.startsWith('!')).map((p) => p.slice(1));
      return positive.some((p) => matches(file, p)) && !negative.some((p) => matches(file, p));
    };
    for (const file of ['package.json', ...electronFiles, `${RENDERER_OUT_DIR}/index.html`]) expect(included(file), file).toBe(true);
    expect(included(`${ELECTRON_OUT_DIR}/main.js.map`)).toBe(false);
  });

  it('names in files/extraResources only what the build scripts produce or the repository holds', () => {
    const produced = ['package.json', ...electronFiles, `${RENDERER_OUT_DIR}/index.html`];
    for (const p of patterns(config.files).filter((p) => !p.startsWith('!'))) {
      expect(produced.some((f) => matches(f, p)), p).toBe(true);
    }
    for (const set of config.extraResources) {
      const from = typeof set === 'string' ? set : set.from;
      expect(from).toBe(SAMPLE_DIR);
      expect(fs.statSync(path.resolve(from!)).isDirectory()).toBe(true);
    }
  });

  it('has the icons each platform reads', () => {
    const resources = path.resolve(config.directories.buildResources);
    const linuxIcons = fs.readdirSync(path.join(resources, config.linux.icon));
    expect(linuxIcons.filter((f) => /^\d+x\d+\.png$/.test(f)).length).toBeGreaterThan(0);
    for (const icon of [config.win.icon, config.mac.icon]) expect(fs.statSync(path.join(resources, icon)).isFile()).toBe(true);
    // Windows wants at least 256 px, macOS at least 512 px.
    expect(config.win.icon).toMatch(/(256|512|1024)x\1\.png$/);
    expect(config.mac.icon).toMatch(/(512|1024)x\1\.png$/);
  });

  it('is what `npm run dist` hands to electron-builder, after building both halves', () => {
    expect(pkg.scripts.dist).toContain('--config build/electron-builder.yml');
    const steps = pkg.scripts.dist!.split('&&').map((s) => s.trim());
    // The Electron binary is checked before anything is built (scripts/check-dist.mjs).
    expect(steps.slice(0, 3)).toEqual(['node scripts/check-dist.mjs', 'npm run build:renderer', 'npm run build:electron']);
    expect(pkg.scripts['build:electron']).toBe('node scripts/build-electron.mjs');
    expect(pkg.scripts['build:renderer']).toBe('node scripts/build-renderer.mjs');
  });
});
