import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { colourFiles, writeTaggerFolder } from '../../../test/helpers/autocaption.ts';
import { useFakeLlms } from '../../../test/fakes/use-fake-llm.ts';
import { openTestSession, tempDir, waitUntil } from '../handlers/test-session.ts';
import { finished, read, settings } from './job-test-helpers.ts';
import { jobRecordPath } from './record.ts';

const fakeLlm = useFakeLlms();

describe('auto-caption job', () => {
  // DirectML is in no Linux or macOS build of onnxruntime-node: a device this machine does not have.
  it.skipIf(process.platform === 'win32')('job.start saves the tagger device for this machine; a missing one tags on the CPU and says why', async () => {
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const t = await openTestSession(await colourFiles([{ name: 'a_red.png', colour: 'red' }]));
    expect(await t.value('tagger.device', {})).toEqual({ device: 'auto' });
    await t.value('job.start', { target: { kind: 'all' }, settings: settings({ tagger: { model } }), device: 'dml' });
    const done = await finished(t);
    expect(done.written).toBe(1);
    expect(done.tagger?.provider).toBe('cpu');
    expect(done.tagger?.note).toMatch(/^tagger on CPU: DirectML is not in this build of onnxruntime-node/);
    const running = t.eventsOf('job.changed').find((s) => s.state === 'running');
    expect(running?.message).toBe(`running; ${done.tagger?.note}`);
    expect(await t.value('tagger.device', {})).toEqual({ device: 'dml' });
    expect(JSON.parse(fs.readFileSync(t.configFile, 'utf8'))).toMatchObject({ tagger: { device: 'dml' } });
    // The device is the machine's, never the dataset's.
    expect(read(t, '.tagsmith/settings.json')).not.toContain('dml');
  });

  it('tags only: writes trigger words + tags, skips captioned images, and one undo reverts the whole job', async () => {
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const t = await openTestSession(await colourFiles([
      { name: 'a_red.png', colour: 'red' },
      { name: 'b_green.png', colour: 'green' },
      { name: 'c_cyan.png', colour: 'cyan', caption: 'hand written, keep me\n' },
    ]));
    await t.value('settings.update', { patch: { triggerWords: ['ohwx'] } });
    const started = await t.value('job.start', { target: { kind: 'all' }, settings: settings({ tagger: { model } }) });
    expect(started.total).toBe(2);
    expect(started.skipped).toBe(1);
    const done = await finished(t);
    expect(done.failed).toBe(0);
    expect(done.written).toBe(2);

    const red = parseCaption(read(t, 'a_red.txt'));
    expect(red.tags[0]).toBe('ohwx');
    expect(red.tags).toEqual(expect.arrayContaining(['red background', '1girl', 'solo']));
    expect(red.tags).not.toContain('green background');
    const green = parseCaption(read(t, 'b_green.txt'));
    // The kaomoji keeps its underscore; ordinary tags lose theirs.
    expect(green.tags).toEqual(expect.arrayContaining(['ohwx', 'green background', '^_^']));
    expect(read(t, 'c_cyan.txt')).toBe('hand written, keep me\n');

    const history = await t.value('history.get');
    expect(history.entries.at(-1)?.label).toMatch(/Auto-tag 2 images/);
    await t.value('history.undo');
    expect(fs.existsSync(path.join(t.root, 'a_red.txt'))).toBe(false);
    expect(fs.existsSync(path.join(t.root, 'b_green.txt'))).toBe(false);
    expect(read(t, 'c_cyan.txt')).toBe('hand written, keep me\n');
  });

  it('tag -> describe -> merge: the LLM gets the image, focus, context and tags; the caption is one line', async () => {
    const llm = await fakeLlm();
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const t = await openTestSession(await colourFiles([{ name: 'red.png', colour: 'red' }]));
    await t.value('settings.update', { patch: { triggerWords: ['ohwx'], focus: 'pose of the girl', context: 'a turtle wearing socks', sentences: 3 } });
    await t.value('job.start', {
      target: { kind: 'all' },
      settings: settings({ tagger: { model }, useLlm: true, llm: { api: 'openai', baseUrl: llm.openaiBase, model: 'fake-vlm' } }),
    });
    const done = await finished(t);
    expect(done.failures).toEqual([]);
    expect(llm.requests).toHaveLength(1);
    const request = llm.requests[0]!;
    expect(request.images).toBe(1);
    expect(request.prompt).toContain('pose of the girl');
    expect(request.prompt).toContain('a turtle wearing socks');
    expect(request.prompt).toContain('red background');

    const text = read(t, 'red.txt');
    expect(text).not.toMatch(/\n./);
    const doc = parseCaption(text);
    expect(doc.tags[0]).toBe('ohwx');
    expect(doc.tags).toContain('red background');
    expect(doc.prose.match(/[.!?](\s|$)/g)).toHaveLength(3);
  });

  it('never reads an image that is a symbolic link out of the dataset: it fails alone, the LLM never sees it', async () => {
    const llm = await fakeLlm();
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const outside = path.join(tempDir(), 'private.png');
    const files = await colourFiles([{ name: 'red.png', colour: 'red' }, { name: 'blue.png', colour: 'blue' }]);
    fs.writeFileSync(outside, files['blue.png']!);
    delete files['blue.png'];
    const t = await openTestSession(files);
    fs.symlinkSync(outside, path.join(t.root, 'link.png'));
    fs.symlinkSync(path.join(t.root, 'red.png'), path.join(t.root, 'inside.png'));
    await t.session.dataset().rescan();
    const started = await t.value('job.start', {
      target: { kind: 'ids', ids: ['red.png', 'link.png', 'inside.png'] },
      settings: settings({ tagger: { model }, useLlm: true, llm: { api: 'openai', baseUrl: llm.openaiBase, model: 'fake-vlm' } }),
    });
    expect(started.total).toBe(3);
    const done = await finished(t);
    expect(done.failures).toEqual([{ id: 'link.png', stage: 'tag', message: 'a symbolic link to a file outside the dataset: not read' }]);
    // The link inside the dataset is read like any image; the one out of it reached neither model.
    expect(llm.requests).toHaveLength(2);
    expect(fs.existsSync(path.join(t.root, 'link.txt'))).toBe(false);
    expect(fs.existsSync(path.join(t.root, 'inside.txt'))).toBe(true);
  });

  it('Ollama API, filler and extra sentences cleaned; a refusal and a corrupt image fail alone and write nothing', async () => {
    const llm = await fakeLlm({ models: ['fake-vlm'] });
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const files = await colourFiles([
      { name: 'a.png', colour: 'red' },
      { name: 'b.png', colour: 'green' },
      { name: 'c.png', colour: 'blue' },
    ]);
    files['broken.png'] = Buffer.from('not a png at all');
    const t = await openTestSession(files);
    // The first request gets an answer full of filler, the second a refusal (which image is which
    // depends on which encode finishes first: images are encoded ahead of their request slot).
    llm.script('fake-vlm', ['filler', 'refusal']);
    await t.value('job.start', {
      target: { kind: 'all' },
      settings: settings({ tagger: { model }, useLlm: true, llm: { api: 'ollama', baseUrl: llm.url, model: 'fake-vlm', concurrency: 1 } }),
    });
    const done = await finished(t);
    expect(done.written).toBe(2);
    const byId = Object.fromEntries(done.failures.map((f) => [f.id, f]));
    expect(byId['broken.png']?.stage).toBe('tag');
    expect(byId['broken.png']?.message).toMatch(/broken\.png/);
    const refused = done.failures.filter((f) => f.id !== 'broken.png');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ stage: 'describe', message: expect.stringMatching(/refused/) });
    const refusedCaption = refused[0]!.id.replace('.png', '.txt');
    expect(fs.existsSync(path.join(t.root, refusedCaption))).toBe(false);
    expect(fs.existsSync(path.join(t.root, 'broken.txt'))).toBe(false);

    // The two written captions, the filler one among them, hold exactly 3 clean sentences.
    for (const name of ['a.txt', 'b.txt', 'c.txt'].filter((n) => n !== refusedCaption)) {
      const prose = parseCaption(read(t, name)).prose;
      expect(prose).not.toMatch(/\b(There is|There are|We can see|looks like)\b/i);
      expect(prose.match(/[.!?](\s|$)/g)).toHaveLength(3);
    }
    expect(llm.requests.every((r) => r.api === 'ollama')).toBe(true);
  });

  it('cancel keeps finished results; after a restart the job is paused and resume does not redo them', async () => {
    const llm = await fakeLlm({ latencyMs: 150 });
    const files = await colourFiles(['a', 'b', 'c', 'd'].map((n) => ({ name: `${n}.png`, colour: 'red' as const })));
    const t = await openTestSession(files);
    await t.value('job.start', {
      target: { kind: 'all' },
      settings: settings({ useTagger: false, useLlm: true, llm: { baseUrl: llm.openaiBase, model: 'fake-vlm', concurrency: 1 } }),
    });
    await waitUntil(() => (t.eventsOf('job.changed').at(-1)?.described ?? 0) >= 1, 'one image described', 10_000);
    await t.value('job.cancel');
    const paused = await finished(t, 'paused');
    expect(paused.done).toBeGreaterThanOrEqual(1);
    expect(paused.done).toBeLessThan(4);
    expect(fs.readdirSync(t.root).filter((f) => f.endsWith('.txt'))).toEqual([]);
    expect(fs.existsSync(jobRecordPath(t.root))).toBe(true);
    const requestsBefore = llm.requests.length;

    await t.session.close();
    // A restart on the same machine keeps the per-user config, where the job's LLM URL is confirmed.
    const again = await openTestSession({}, { root: t.root, configFile: t.configFile });
    const restored = await again.value('job.get');
    expect(restored?.state).toBe('paused');
    expect(restored?.done).toBe(paused.done);
    await again.value('job.resume', {});
    const done = await finished(again);
    expect(done.written).toBe(4);
    // Only the images not finished before the cancel went to the server again.
    expect(llm.requests.length - requestsBefore).toBe(4 - paused.done);
    expect((await again.value('history.get')).entries).toHaveLength(1);
  });

  it('an unreachable server stops the job at once (paused, resumable) instead of failing every image', async () => {
    const llm = await fakeLlm();
    const dead = llm.openaiBase;
    await llm.close();
    const files = await colourFiles(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ({ name: `${n}.png`, colour: 'red' as const })));
    const t = await openTestSession(files);
    await t.value('job.start', { target: { kind: 'all' }, settings: settings({ useTagger: false, useLlm: true, llm: { baseUrl: dead, model: 'x', concurrency: 1, retries: 1 } }) });
    const failed = await finished(t, ['paused', 'failed']);
    expect(failed.message).toMatch(/127\.0\.0\.1/);
    expect(failed.failed).toBeLessThanOrEqual(1);
  });

  it('append adds only new tags to a hand-written caption; replace rewrites it with the trigger word first', async () => {
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const t = await openTestSession(await colourFiles([{ name: 'red.png', colour: 'red', caption: 'ohwx, solo, my tag\r\n' }]));
    await t.value('settings.update', { patch: { triggerWords: ['ohwx'] } });
    await t.value('job.start', { target: { kind: 'all' }, settings: settings({ tagger: { model }, mode: 'append' }) });
    await finished(t);
    const appended = read(t, 'red.txt');
    expect(appended.endsWith('\r\n')).toBe(true);
    const tags = parseCaption(appended).tags;
    expect(tags.slice(0, 3)).toEqual(['ohwx', 'solo', 'my tag']);
    expect(tags).toEqual(expect.arrayContaining(['1girl', 'red background']));
    expect(tags.filter((x) => x === 'solo')).toHaveLength(1);

    await t.value('job.start', { target: { kind: 'all' }, settings: settings({ tagger: { model }, mode: 'replace' }) });
    const done = await finished(t);
    expect(done.written).toBe(1);
    const replaced = parseCaption(read(t, 'red.txt')).tags;
    expect(replaced[0]).toBe('ohwx');
    expect(replaced).not.toContain('my tag');
  });

  it('refuses a second job while one runs, and a bad query names the position', async () => {
    const llm = await fakeLlm({ latencyMs: 300 });
    const t = await openTestSession(await colourFiles([{ name: 'a.png', colour: 'red' }]));
    const job = settings({ useTagger: false, useLlm: true, llm: { baseUrl: llm.openaiBase, model: 'fake-vlm' } });
    await t.value('job.start', { target: { kind: 'all' }, settings: job });
    expect((await t.failure('job.start', { target: { kind: 'all' }, settings: job })).kind).toBe('job-busy');
    expect((await t.failure('job.start', { target: { kind: 'filter', query: '(red' }, settings: job })).kind).toBe('invalid-query');
    await finished(t);
  });
});
