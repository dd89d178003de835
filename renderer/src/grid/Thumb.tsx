import { useState } from 'react';
import { useStore } from '../store/index.ts';

/**
 * An image's thumbnail (decorative: the option around it is named by the file name). Not lazily
 * loaded: every list showing thumbnails is virtualized, so only the rows in view and a little
 * overscan exist, and lazy loading would only hold the request back until an intersection check
 * after layout, which on a cold first screen waits behind the rest of the first render.
 *
 * `overscan`: the row is rendered ahead of the scroll but not in view. Its request goes out at low
 * priority: a plain-HTTP page has six connections to the server, and an in-view thumbnail queued
 * behind overscan ones still being made kept a cold first screen waiting (the in-view ones are
 * made ahead at open, the overscan ones are not).
 */
export function Thumb({ id, px, overscan }: { id: string; px: number; overscan: boolean }) {
  const transport = useStore((s) => s.transport);
  const [broken, setBroken] = useState(false);
  if (!transport || broken) return <span className="grid-thumb-missing">{broken ? 'No preview' : ''}</span>;
  return <img src={transport.thumbnailUrl(id, px)} alt="" decoding="async" fetchPriority={overscan ? 'low' : 'high'} draggable={false} onError={() => setBroken(true)} />;
}
