import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rememberRecentFolder } from '../config/recent-folders.ts';
import { recentHandlers } from './recent.ts';

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-recent-h-')));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('recent.list', () => {
  it('lists the recent folders where a folder can be opened (the desktop app)', async () => {
    const configFile = path.join(dir, 'config.json');
    await rememberRecentFolder(configFile, dir);
    expect(await recentHandlers({ allowOpen: true, configFile })['recent.list']({})).toEqual({ canOpen: true, folders: [{ path: dir, missing: false }] });
  });

  it("tells a web-mode page nothing of the machine's other folders", async () => {
    const configFile = path.join(dir, 'config.json');
    await rememberRecentFolder(configFile, dir);
    expect(await recentHandlers({ allowOpen: false, configFile })['recent.list']({})).toEqual({ canOpen: false, folders: [] });
  });
});
