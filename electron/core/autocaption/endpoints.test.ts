import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { colourFiles } from '../../../test/helpers/autocaption.ts';
import type { FakeLlmServer } from '../../../test/fakes/llm-server.ts';
import { useFakeLlms } from '../../../test/fakes/use-fake-llm.ts';
import { openTestSession, tempDir, waitUntil } from '../handlers/test-session.ts';
import { finished, read, settings } from './job-test-helpers.ts';

// Several LLM servers sharing one job (issue 16, item 3), through the real handlers and loopback servers.
const fakeLlm = useFakeLlms();

const answered = (s: FakeLlmServer) => s.requests.filter((r) => r.status === 200).length;

describe('an auto-caption job over several LLM servers', () => {
  it('captions every image once, uses each server in proportion to its speed, and retires one that dies mid-job', async () => {
    const fast = await fakeLlm({ latencyMs: 100 });
    const slow = await fakeLlm({ latencyMs: 600 });
    const dying = await fakeLlm({ latencyMs: 100 });
    const names = Array.from({ length: 48 }, (_, i) => `img_${String(i).padStart(2, '0')}.png`);
    const t = await openTestSession(await colourFiles(names.map((name) => ({ name, colour: 'red' as const }))));
    await t.value('job.start', {
      target: { kind: 'all' },
      settings: settings({
        useTagger: false,
        useLlm: true,
        llm: {
          baseUrl: fast.openaiBase, model: 'fake-vlm', concurrency: 2, retries: 1,
          extraEndpoints: [{ baseUrl: slow.openaiBase, concurrency: 2 }, { baseUrl: dying.openaiBase, model: 'fake-vlm', concurrency: 2 }],
        },
      }),
    });
    // The third server goes away after a few answers: its requests in flight and every later one fail.
    await waitUntil(() => answered(dying) >= 4, 'the third server answering', 10_000);
    await dying.close();
    const done = await finished(t);

    expect(done.failed).toBe(0);
    expect(done.written).toBe(names.length);
    for (const name of names) expect(parseCaption(read(t, name.replace('.png', '.txt'))).prose).not.toBe('');
    // Once: every image got exactly one answer, whichever server gave it.
    expect(answered(fast) + answered(slow) + answered(dying)).toBe(names.length);
    // Every server took images in proportion to its speed: the fast one six times as many as the slow
    // one at most (100 ms against 600 ms, same concurrency); each request's own cost and the slow
    // server's last answer at the end bring it nearer four. More than six would mean the slow one idled.
    expect(answered(slow)).toBeGreaterThanOrEqual(2);
    const ratio = answered(fast) / answered(slow);
    expect(ratio).toBeGreaterThanOrEqual(3);
    expect(ratio).toBeLessThanOrEqual(7);

    const stats = done.endpoints ?? [];
    expect(stats.map((e) => e.baseUrl)).toEqual([fast.openaiBase, slow.openaiBase, dying.openaiBase]);
    expect(stats.map((e) => e.answered)).toEqual([answered(fast), answered(slow), answered(dying)]);
    expect(stats[0]!.perMinute).toBeGreaterThan(stats[1]!.perMinute);
    expect(stats[0]!.retired).toBeNull();
    expect(stats[1]!.retired).toBeNull();
    expect(stats[2]!.retired).toMatch(/connection refused|connection closed|network error/);
    expect(stats[2]!.failed).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it('one server is the simple case: its settings file has no list, and the snapshot one entry', async () => {
    const llm = await fakeLlm();
    const t = await openTestSession(await colourFiles([{ name: 'a.png', colour: 'red' }]));
    await t.value('job.start', { target: { kind: 'all' }, settings: settings({ useTagger: false, useLlm: true, llm: { baseUrl: llm.openaiBase, model: 'fake-vlm' } }) });
    const done = await finished(t);
    expect(done.written).toBe(1);
    expect(done.endpoints).toEqual([expect.objectContaining({ baseUrl: llm.openaiBase, answered: 1, failed: 0, retired: null })]);
    expect(read(t, path.join('.tagsmith', 'settings.json'))).not.toContain('extraEndpoints');
  });

  it('an extra server that came with the dataset gets nothing until confirmed, like the main one', async () => {
    const main = await fakeLlm();
    const extra = await fakeLlm();
    const files = await colourFiles([{ name: 'a.png', colour: 'red' }, { name: 'b.png', colour: 'green' }]);
    files['.tagsmith/settings.json'] = JSON.stringify({
      version: 1,
      autoCaption: { useTagger: false, useLlm: true, llm: { baseUrl: main.openaiBase, model: 'fake-vlm', extraEndpoints: [{ baseUrl: extra.openaiBase }] } },
    });
    const t = await openTestSession(files);
    const saved = t.session.dataset().settings().autoCaption;
    // The main server confirmed ("Test connection" with the box ticked) leaves the extra one unconfirmed.
    expect((await t.value('llm.check', { llm: saved.llm, confirmUrl: true })).ok).toBe(true);
    const refused = await t.failure('job.start', { target: { kind: 'all' }, settings: saved });
    expect(refused.kind).toBe('llm-url-unconfirmed');
    expect(refused.message).toContain(extra.openaiBase);
    expect(extra.requests).toEqual([]);
    expect(extra.infoRequests).toEqual([]);

    await t.value('job.start', { target: { kind: 'all' }, settings: saved, confirmUrl: true });
    expect((await finished(t)).written).toBe(2);
    expect(await t.value('llm.url', { baseUrl: extra.openaiBase })).toEqual({ confirmed: true });
  });

  it('each server gets only the API key configured for its own URL', async () => {
    const open = await fakeLlm();
    const keyed = await fakeLlm({ expect: { apiKey: 'sk-extra' } });
    const configFile = path.join(tempDir(), 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ llm: { keys: [{ baseUrl: keyed.openaiBase, apiKey: 'sk-extra' }] } }));
    const t = await openTestSession(await colourFiles(['a', 'b', 'c', 'd'].map((n) => ({ name: `${n}.png`, colour: 'red' as const }))), { configFile });
    await t.value('job.start', {
      target: { kind: 'all' },
      settings: settings({ useTagger: false, useLlm: true, llm: { baseUrl: open.openaiBase, model: 'fake-vlm', concurrency: 1, extraEndpoints: [{ baseUrl: keyed.openaiBase, concurrency: 1 }] } }),
    });
    const done = await finished(t);
    expect(done.written).toBe(4);
    expect(keyed.requests.length).toBeGreaterThan(0);
    expect(keyed.requests.every((r) => r.authorization === 'Bearer sk-extra')).toBe(true);
    // (The OpenAI SDK sends a placeholder when there is no key.)
    expect(open.requests.filter((r) => r.authorization?.includes('sk-extra'))).toEqual([]);
  });
});
