// `npm run dist`, first step: electron-builder packs the Electron binary into every package, and
// without it fails deep inside a download with a stack trace. This checks for the binary first and,
// if it is missing, stops with one line naming what to install.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Where @electron/get (the electron package's installer, and electron-builder) caches the zips. */
export function electronCacheRoot(env = process.env, platform = process.platform, home = os.homedir()) {
  const explicit = env.ELECTRON_CACHE || env.electron_config_cache;
  if (explicit) return explicit;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'electron');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'electron', 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron');
}

const exists = (p) => {
  try {
    fs.accessSync(p);
    return true;
  } catch {
    return false;
  }
};

/** The unpacked binary the electron package installs (node_modules/electron/dist), at its version. */
function installedBinary(electronDir, version, env) {
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return exists(env.ELECTRON_OVERRIDE_DIST_PATH);
  try {
    const installed = fs.readFileSync(path.join(electronDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const executable = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    return installed === version && exists(path.join(electronDir, 'dist', executable));
  } catch {
    return false;
  }
}

/** The release zip electron-builder unpacks, in the download cache (one folder per mirror URL). */
function cachedZip(cacheRoot, version, platform, arch) {
  const name = `electron-v${version}-${platform}-${arch}.zip`;
  if (exists(path.join(cacheRoot, name))) return true;
  let entries = [];
  try {
    entries = fs.readdirSync(cacheRoot, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => e.isDirectory() && exists(path.join(cacheRoot, e.name, name)));
}

/**
 * null when electron-builder will find the Electron binary without a download, else the one line
 * to show. `electronDir` is the installed electron package (its package.json names the version).
 */
export function missingElectronBinary({ electronDir, env = process.env, platform = process.platform, arch = process.arch }) {
  let version;
  try {
    version = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    return 'npm run dist needs the electron package: run `npm ci` first.';
  }
  if (installedBinary(electronDir, version, env) || cachedZip(electronCacheRoot(env, platform), version, platform, arch)) return null;
  return `npm run dist needs the Electron ${version} binary for ${platform}-${arch}, which is not installed: run \`npx install-electron\` (downloads it from github.com/electron/electron/releases, or from ELECTRON_MIRROR), then npm run dist again.`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const electronDir = process.env.TAGSMITH_ELECTRON_PACKAGE_DIR || path.dirname(require.resolve('electron/package.json'));
  const problem = missingElectronBinary({ electronDir });
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
