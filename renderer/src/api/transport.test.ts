import { describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result.ts';
import type { PreloadBridge } from '../../../shared/contract/index.ts';
import { createTransport } from './transport.ts';

describe('createTransport', () => {
  it('uses the Electron bridge when the preload exposed one', async () => {
    const invoked: [string, unknown][] = [];
    let push: ((e: string, p: unknown) => void) | null = null;
    const bridge: PreloadBridge = {
      invoke: async (channel, request) => {
        invoked.push([channel, request]);
        return ok({ entries: [], head: 0, canUndo: false, canRedo: false });
      },
      subscribe: (listener) => {
        push = listener;
        return () => {};
      },
    };
    const t = createTransport({ tagsmith: bridge });
    const r = await t.api['history.get']({});
    expect(r.ok).toBe(true);
    expect(invoked).toEqual([['history.get', {}]]);
    expect(t.mediaUrl('a b.png')).toBe('dataset://media/a%20b.png');
    const seen: string[] = [];
    t.subscribe((e) => seen.push(e));
    push!('notice', { level: 'warning', message: 'x' });
    push!('notice', { level: 'warning' });
    push!('ipc:anything', {});
    expect(seen).toEqual(['notice']);
  });
});
