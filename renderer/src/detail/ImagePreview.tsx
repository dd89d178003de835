import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { stepZoom, zoomLabel, type Zoom } from './zoom.ts';

interface Props {
  src: string;
  name: string;
}

/** The large preview: fit to the panel by default, 100 % or stepped zoom with the buttons or Ctrl+wheel. */
export default function ImagePreview({ src, name }: Props) {
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const frameRef = useRef<HTMLDivElement>(null);
  const imgRef = useRef<HTMLImageElement>(null);

  // A new image starts fitted again: a zoom level means nothing across images of other sizes.
  useEffect(() => {
    setZoom('fit');
    setNatural(null);
    setFailed(false);
  }, [src]);

  const fitScale = () => {
    const img = imgRef.current;
    return img && natural ? img.clientWidth / natural.w : 1;
  };
  const zoomBy = (direction: 1 | -1) => setZoom((z) => stepZoom(z, fitScale(), direction));
  // The wheel listener is attached once; it reaches the latest zoomBy through this ref.
  const zoomByRef = useRef(zoomBy);
  useLayoutEffect(() => {
    zoomByRef.current = zoomBy;
  });

  // The wheel scrolls, as everywhere else; Ctrl+wheel (a pinch on a touchpad) zooms. React's wheel
  // listener is passive and could not stop the browser's own page zoom on Ctrl+wheel; this one can.
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const onWheel = (e: WheelEvent) => {
      if (e.deltaY === 0 || !(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      zoomByRef.current(e.deltaY < 0 ? 1 : -1);
    };
    frame.addEventListener('wheel', onWheel, { passive: false });
    return () => frame.removeEventListener('wheel', onWheel);
  }, []);

  const size = zoom !== 'fit' && natural ? { width: natural.w * zoom, height: natural.h * zoom } : undefined;
  return (
    <figure className="ts-preview">
      <div ref={frameRef} className={zoom === 'fit' ? 'ts-preview-frame ts-fit' : 'ts-preview-frame ts-zoomed'}>
        {failed ? (
          <p className="ts-muted">The image could not be loaded.</p>
        ) : (
          <img
            ref={imgRef}
            src={src}
            alt={`Preview of ${name}`}
            style={size}
            draggable={false}
            onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
            onError={() => setFailed(true)}
          />
        )}
      </div>
      <div className="ts-zoombar" role="toolbar" aria-label="Zoom" title="Ctrl+wheel zooms">
        <button type="button" aria-label="Zoom out" onClick={() => zoomBy(-1)}>
          −
        </button>
        <button type="button" aria-label="Zoom in" onClick={() => zoomBy(1)}>
          +
        </button>
        <button type="button" aria-pressed={zoom === 'fit'} onClick={() => setZoom('fit')}>
          Fit
        </button>
        <button type="button" aria-pressed={zoom === 1} onClick={() => setZoom(1)}>
          100%
        </button>
        <span className="ts-zoom-level" aria-live="polite">
          {natural ? `${zoomLabel(zoom, fitScale())} · ${natural.w}×${natural.h}` : ''}
        </span>
      </div>
    </figure>
  );
}
