import os from 'node:os';
import path from 'node:path';

/*
 * Where the per-user config file lives. Pure (environment, platform and home folder come in as
 * arguments) so every platform's rule is table-tested on any machine; the desktop app and
 * `tagsmith serve` both call defaultConfigFile(), so they read and write the same file.
 */

export const CONFIG_FILE_NAME = 'config.json';

export interface ConfigLocation {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  homedir: string;
  /** Resolves a relative TAGSMITH_CONFIG_DIR (a portable install started from its own folder). */
  cwd: string;
}

export function configFilePath({ env, platform, homedir, cwd }: ConfigLocation): string {
  // Windows paths are built with path.win32 on every host, so the table tests hold everywhere.
  const p = platform === 'win32' ? path.win32 : path.posix;
  const override = env.TAGSMITH_CONFIG_DIR;
  if (override) return p.resolve(cwd, override, CONFIG_FILE_NAME);
  if (platform === 'win32') {
    const appData = env.APPDATA && p.isAbsolute(env.APPDATA) ? env.APPDATA : p.join(homedir, 'AppData', 'Roaming');
    return p.join(appData, 'Tagsmith', CONFIG_FILE_NAME);
  }
  if (platform === 'darwin') return p.join(homedir, 'Library', 'Application Support', 'Tagsmith', CONFIG_FILE_NAME);
  // The XDG Base Directory spec: a relative $XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && p.isAbsolute(xdg) ? xdg : p.join(homedir, '.config');
  return p.join(base, 'tagsmith', CONFIG_FILE_NAME);
}

/** The config file of the user running this process. */
export function defaultConfigFile(): string {
  return configFilePath({ env: process.env, platform: process.platform, homedir: os.homedir(), cwd: process.cwd() });
}
