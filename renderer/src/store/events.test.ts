import { describe, expect, it } from 'vitest';
import type { EventListener, Transport } from '../../../shared/contract/index.ts';
import { fakeTransport, image, loadedStore } from '../test-support/store.ts';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import { bindEvents } from './events.ts';

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

  it('does not announce the app’s own edits as outside changes', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    const { transport, push } = pushable();
    bindEvents(store, transport);
    push('images.changed', { images: [image('a.png', 'y')], removed: [], source: 'edit' });
    expect(store.getState().lastMessage).toBeNull();
    expect(store.getState().docs['a.png']?.tags).toEqual(['y']);
  });
});
