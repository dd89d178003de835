import { describe, expect, it } from 'vitest';
import type { DescribeRequest, LlmAnswer, LlmError, LlmErrorKind, VisionClient } from '../llm/client.ts';
import type { Result } from '../../../shared/result.ts';
import { EndpointPool, RETIRE_AFTER, type PoolEndpoint } from './endpoint-pool.ts';

// The scheduling rules alone, with scripted clients: what moves an image, what retires a server.
type Reply = 'ok' | LlmErrorKind;

function server(name: string, replies: Reply[], concurrency = 1): PoolEndpoint & { calls: number } {
  const out = {
    name, baseUrl: `http://${name}/v1`, model: 'm', concurrency, calls: 0,
    client: {
      describe: async (): Promise<Result<LlmAnswer, LlmError>> => {
        out.calls++;
        const reply = replies.shift() ?? 'ok';
        await Promise.resolve();
        return reply === 'ok' ? { ok: true, value: { text: `from ${name}`, truncated: false } } : { ok: false, error: { kind: reply, message: `${name}: ${reply}`, attempts: 1 } };
      },
      vision: async () => ({ vision: true, message: '' }),
      check: async () => ({ ok: true, message: '', models: [], model: '' }),
    } satisfies VisionClient,
  };
  return out;
}

const req = (): DescribeRequest => ({ jpeg: Buffer.alloc(1), system: null, user: 'u', sampling: {} as DescribeRequest['sampling'] });

describe('EndpointPool', () => {
  it('moves a request off a server that fails as a server, and counts it there', async () => {
    const a = server('a', ['server-error']);
    const b = server('b', []);
    const pool = new EndpointPool([a, b]);
    const r = await pool.describe(req());
    expect(r).toEqual({ ok: true, value: { text: 'from b', truncated: false } });
    expect(pool.stats().map((s) => [s.answered, s.failed])).toEqual([[0, 1], [1, 0]]);
  });

  it('a refusal, a malformed answer or a 400 stays with the image', async () => {
    for (const kind of ['refusal', 'malformed', 'http'] as const) {
      const a = server('a', [kind]);
      const b = server('b', []);
      const r = await new EndpointPool([a, b]).describe(req());
      expect(r.ok ? null : r.error.kind).toBe(kind);
      expect(b.calls).toBe(0);
    }
  });

  it(`retires a server after ${RETIRE_AFTER} failures in a row with one line; an answer between resets the count`, async () => {
    const lines: string[] = [];
    const a = server('a', ['network', 'ok', 'network', 'network', 'network', 'network']);
    const b = server('b', []);
    const pool = new EndpointPool([a, b], { onRetire: (line) => lines.push(line) });
    // One at a time, so each request meets server a first while it is free.
    for (let i = 0; i < 8; i++) expect((await pool.describe(req())).ok).toBe(true);
    expect(lines).toEqual(['a retired for this job: network']);
    expect(a.calls).toBe(5);
    expect(pool.stats()[0]).toMatchObject({ answered: 1, failed: 4, retired: 'network' });
  });

  it('never retires the last server, and its failures reach the job as they are', async () => {
    const lines: string[] = [];
    const a = server('a', Array(5).fill('server-error'));
    const pool = new EndpointPool([a], { onRetire: (line) => lines.push(line) });
    for (let i = 0; i < 5; i++) {
      const r = await pool.describe(req());
      expect(r.ok ? null : r.error.kind).toBe('server-error');
    }
    expect(lines).toEqual([]);
  });

  it('a request that every server failed fails with the last reason', async () => {
    const pool = new EndpointPool([server('a', ['network']), server('b', ['timeout'])]);
    const r = await pool.describe(req());
    expect(r.ok ? null : r.error.message).toBe('b: timeout');
  });

  it('a wrong key or a missing model retires that server at once', async () => {
    const lines: string[] = [];
    const pool = new EndpointPool([server('a', ['auth']), server('b', [])], { onRetire: (line) => lines.push(line) });
    expect((await pool.describe(req())).ok).toBe(true);
    expect(lines).toEqual(['a retired for this job: auth']);
  });

  it('keeps each server to its concurrency, and waiting requests give up when the job is cancelled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = server('a', []);
    a.client.describe = async () => {
      a.calls++;
      await gate;
      return { ok: true, value: { text: 'a', truncated: false } };
    };
    const abort = new AbortController();
    const pool = new EndpointPool([a], { signal: abort.signal });
    const first = pool.describe({ ...req(), signal: abort.signal });
    const second = pool.describe({ ...req(), signal: abort.signal });
    await new Promise((r) => setTimeout(r, 10));
    expect(a.calls).toBe(1);
    abort.abort();
    expect(await second).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    release();
    expect((await first).ok).toBe(true);
  });
});
