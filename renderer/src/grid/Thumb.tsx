import { useState } from 'react';
import { useStore } from '../store/index.ts';

/** An image's thumbnail (decorative: the option around it is named by the file name). */
export function Thumb({ id, px }: { id: string; px: number }) {
  const transport = useStore((s) => s.transport);
  const [broken, setBroken] = useState(false);
  if (!transport || broken) return <span className="grid-thumb-missing">{broken ? 'No preview' : ''}</span>;
  return <img src={transport.thumbnailUrl(id, px)} alt="" loading="lazy" decoding="async" draggable={false} onError={() => setBroken(true)} />;
}
