/** Zoom of the preview: 'fit' scales to the panel; a number is image pixels per CSS pixel. */
export type Zoom = 'fit' | number;

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;
const STEP = 1.25;

/** One zoom step from the current scale; from 'fit' it starts at the scale fit is showing. */
export function stepZoom(zoom: Zoom, fitScale: number, direction: 1 | -1): number {
  const current = zoom === 'fit' ? fitScale : zoom;
  const next = direction > 0 ? current * STEP : current / STEP;
  // Snap to 100 % when a step crosses it, so "actual pixels" is always reachable with the buttons.
  if ((current < 1 && next > 1) || (current > 1 && next < 1)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, next));
}

export const zoomLabel = (zoom: Zoom, fitScale: number): string => `${Math.round((zoom === 'fit' ? fitScale : zoom) * 100)}%`;
