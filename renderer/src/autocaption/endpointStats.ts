import type { EndpointStats } from '../../../shared/contract/jobs.ts';

/**
 * One server's line in the job panel: how much it answered and how fast, what it has in flight, and
 * why it was taken out of the job. `12 answers · 4.5/min · 2 of 2 busy · 1 failed`.
 */
export function endpointText(e: EndpointStats): string {
  const parts = [`${e.answered.toLocaleString()} answer${e.answered === 1 ? '' : 's'}`, `${e.perMinute.toLocaleString()}/min`];
  if (e.retired === null) parts.push(`${e.active} of ${e.concurrency} busy`);
  if (e.failed > 0) parts.push(`${e.failed.toLocaleString()} failed`);
  if (e.retired !== null) parts.push(`retired: ${e.retired}`);
  return parts.join(' · ');
}

/** The servers worth listing: only a job with several has shares to compare (one is the summary's). */
export function listedEndpoints(endpoints: readonly EndpointStats[] | undefined): readonly EndpointStats[] {
  return endpoints && endpoints.length > 1 ? endpoints : [];
}
