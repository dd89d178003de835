import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFilePath, defaultConfigFile, type ConfigLocation } from './config-path.ts';

const LINUX_HOME = '/home/ana';
const MAC_HOME = '/Users/ana';
const WIN_HOME = 'C:\\Users\\ana';

describe('configFilePath', () => {
  it.each<[string, Partial<ConfigLocation> & Pick<ConfigLocation, 'platform'>, string]>([
    // Linux and other Unixes: XDG_CONFIG_HOME when absolute, else ~/.config.
    ['linux, nothing set', { platform: 'linux', env: {} }, '/home/ana/.config/tagsmith/config.json'],
    ['linux, XDG_CONFIG_HOME', { platform: 'linux', env: { XDG_CONFIG_HOME: '/data/cfg' } }, '/data/cfg/tagsmith/config.json'],
    ['linux, XDG_CONFIG_HOME with a trailing slash', { platform: 'linux', env: { XDG_CONFIG_HOME: '/data/cfg/' } }, '/data/cfg/tagsmith/config.json'],
    ['linux, empty XDG_CONFIG_HOME', { platform: 'linux', env: { XDG_CONFIG_HOME: '' } }, '/home/ana/.config/tagsmith/config.json'],
    ['linux, relative XDG_CONFIG_HOME is ignored', { platform: 'linux', env: { XDG_CONFIG_HOME: 'cfg' } }, '/home/ana/.config/tagsmith/config.json'],
    ['freebsd', { platform: 'freebsd', env: { XDG_CONFIG_HOME: '/x' } }, '/x/tagsmith/config.json'],
    ['openbsd, nothing set', { platform: 'openbsd', env: {} }, '/home/ana/.config/tagsmith/config.json'],
    ['linux ignores APPDATA', { platform: 'linux', env: { APPDATA: '/appdata' } }, '/home/ana/.config/tagsmith/config.json'],
    // macOS: Application Support, whatever XDG says.
    ['macOS', { platform: 'darwin', homedir: MAC_HOME, env: {} }, '/Users/ana/Library/Application Support/Tagsmith/config.json'],
    ['macOS ignores XDG_CONFIG_HOME', { platform: 'darwin', homedir: MAC_HOME, env: { XDG_CONFIG_HOME: '/x' } }, '/Users/ana/Library/Application Support/Tagsmith/config.json'],
    // Windows: %APPDATA%, else the roaming folder under the profile.
    ['windows, APPDATA', { platform: 'win32', homedir: WIN_HOME, cwd: 'C:\\', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' } }, 'C:\\Users\\ana\\AppData\\Roaming\\Tagsmith\\config.json'],
    ['windows, APPDATA on another drive', { platform: 'win32', homedir: WIN_HOME, cwd: 'C:\\', env: { APPDATA: 'D:\\roam' } }, 'D:\\roam\\Tagsmith\\config.json'],
    ['windows, no APPDATA', { platform: 'win32', homedir: WIN_HOME, cwd: 'C:\\', env: {} }, 'C:\\Users\\ana\\AppData\\Roaming\\Tagsmith\\config.json'],
    ['windows, relative APPDATA is ignored', { platform: 'win32', homedir: WIN_HOME, cwd: 'C:\\', env: { APPDATA: 'roam' } }, 'C:\\Users\\ana\\AppData\\Roaming\\Tagsmith\\config.json'],
    ['windows ignores XDG_CONFIG_HOME', { platform: 'win32', homedir: WIN_HOME, cwd: 'C:\\', env: { XDG_CONFIG_HOME: 'C:\\x', APPDATA: 'C:\\a' } }, 'C:\\a\\Tagsmith\\config.json'],
    // TAGSMITH_CONFIG_DIR wins everywhere; a relative one is relative to the working folder.
    ['override, linux', { platform: 'linux', env: { TAGSMITH_CONFIG_DIR: '/portable/conf', XDG_CONFIG_HOME: '/x' } }, '/portable/conf/config.json'],
    ['override, relative', { platform: 'linux', cwd: '/opt/tagsmith', env: { TAGSMITH_CONFIG_DIR: 'conf' } }, '/opt/tagsmith/conf/config.json'],
    ['override, macOS', { platform: 'darwin', homedir: MAC_HOME, env: { TAGSMITH_CONFIG_DIR: '/tmp/t' } }, '/tmp/t/config.json'],
    ['override, windows', { platform: 'win32', homedir: WIN_HOME, cwd: 'E:\\Tagsmith', env: { TAGSMITH_CONFIG_DIR: 'conf', APPDATA: 'C:\\a' } }, 'E:\\Tagsmith\\conf\\config.json'],
    ['empty override is no override', { platform: 'linux', env: { TAGSMITH_CONFIG_DIR: '' } }, '/home/ana/.config/tagsmith/config.json'],
  ])('%s', (_name, given, expected) => {
    expect(configFilePath({ homedir: LINUX_HOME, cwd: '/work', ...given, env: given.env ?? {} })).toBe(expected);
  });
});

describe('defaultConfigFile', () => {
  it('reads this process environment', () => {
    const file = defaultConfigFile();
    expect(path.isAbsolute(file)).toBe(true);
    expect(path.basename(file)).toBe('config.json');
    expect(file).toBe(configFilePath({ env: process.env, platform: process.platform, homedir: os.homedir(), cwd: process.cwd() }));
  });
});
