import { describe, expect, it } from 'vitest';
import type { EventListener, Transport } from '../../../shared/contract/index.ts';
import { fakeTransport, image, loadedStore } from '../test-support/store.ts';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import { ANSWER_HOLD_MS, bindEvents } from './events.ts';

function pushable(): { transport: Transport; push: EventListener; listeners: () => number } {
  const set = new Set<EventListener>();
  const transport: Transport = {
    ...fakeTransport([]),
    subscribe(listener) {
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  const push: EventListener = (event, payload) => {
    for (const l of set) l(event, payload);
  };
  return { transport, push, listeners: () => set.size };
}

describe('backend events', () => {
  it('apply images, history and notices to the store until unbound', async () => {
    const store = await loadedStore([image('a.png', 'x'), image('b.png', 'y')]);
    const { transport, push, listeners } = pushable();
    const off = bindEvents(store, transport);
    push('images.changed', { images: [image('a.png', 'x, smile')], removed: ['b.png'], source: 'external' });
    let s = store.getState();
    expect(s.order).toEqual(['a.png']);
    expect(s.tagCounts.get('smile')).toBe(1);
    expect(s.lastMessage).toBe('2 files changed on disk');
    push('history.changed', { entries: [], head: 3, canUndo: true, canRedo: false });
    expect(store.getState().history.head).toBe(3);
    push('notice', { level: 'warning', message: 'watcher stopped' });
    expect(store.getState().lastMessage).toBe('Warning: watcher stopped');
    // Settings saved elsewhere (another window, the CLI) show here too.
    push('settings.changed', DatasetSettingsSchema.parse({ triggerWords: ['ohwx'], focus: 'hands' }));
    expect(store.getState().info?.settings).toMatchObject({ triggerWords: ['ohwx'], focus: 'hands' });
    off();
    expect(listeners()).toBe(0);
    push('notice', { level: 'info', message: 'late' });
    s = store.getState();
    expect(s.lastMessage).toBe('Warning: watcher stopped');
  });

  it('a count of outside changes does not replace, for a while, the answer to what the person just did', async () => {
    const store = await loadedStore([image('a.png', 'x'), image('b.png', 'y')]);
    const { transport, push } = pushable();
    let clock = 100_000;
    bindEvents(store, transport, () => clock);
    store.getState().setMessage('History changed in another program: refreshed; press Ctrl+Z again');
    clock += 500;
    push('images.changed', { images: [image('a.png', 'x, cli')], removed: [], source: 'external' });
    expect(store.getState().lastMessage).toBe('History changed in another program: refreshed; press Ctrl+Z again');
    // The grid has the change all the same.
    expect(store.getState().docs['a.png']?.tags).toEqual(['x', 'cli']);
    clock += ANSWER_HOLD_MS;
    push('images.changed', { images: [image('b.png', 'y, cli')], removed: [], source: 'external' });
    expect(store.getState().lastMessage).toBe('1 file changed on disk');
    // One count after another is not an answer: the next count replaces it at once.
    clock += 10;
    push('images.changed', { images: [image('a.png', 'x'), image('b.png', 'y')], removed: [], source: 'external' });
    expect(store.getState().lastMessage).toBe('2 files changed on disk');
    // A cleared status line holds nothing back.
    store.getState().setMessage('Saved');
    store.getState().setMessage(null);
    push('images.changed', { images: [image('a.png', 'x, again')], removed: [], source: 'external' });
    expect(store.getState().lastMessage).toBe('1 file changed on disk');
  });

  it('does not announce the app’s own edits as outside changes', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    const { transport, push } = pushable();
    bindEvents(store, transport);
    push('images.changed', { images: [image('a.png', 'y')], removed: [], source: 'edit' });
    expect(store.getState().lastMessage).toBeNull();
    expect(store.getState().docs['a.png']?.tags).toEqual(['y']);
  });
});
