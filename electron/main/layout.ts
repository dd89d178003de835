/*
 * Where the desktop app's parts sit, relative to the app folder (the repository in development,
 * app.asar when packaged). scripts/build-electron.mjs, scripts/build-renderer.mjs, package.json
 * `main` and build/electron-builder.yml must agree with these; build/electron-builder.test.ts checks.
 */
export const ELECTRON_OUT_DIR = 'out/electron';
export const MAIN_BUNDLE = `${ELECTRON_OUT_DIR}/main.js`;
export const PRELOAD_BUNDLE = `${ELECTRON_OUT_DIR}/preload.cjs`;
export const RENDERER_OUT_DIR = 'out/renderer';
/** In the repository; a package carries it as an extra resource (outside the asar, a real folder). */
export const SAMPLE_DIR = 'sample';
