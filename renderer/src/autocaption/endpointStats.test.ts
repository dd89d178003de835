import { describe, expect, it } from 'vitest';
import type { EndpointStats } from '../../../shared/contract/jobs.ts';
import { endpointText, listedEndpoints } from './endpointStats.ts';

const base: EndpointStats = { name: 'vLLM at http://gpu1:8000/v1', baseUrl: 'http://gpu1:8000/v1', model: 'qwen', concurrency: 4, active: 3, answered: 12, failed: 0, perMinute: 4.5, retired: null };

describe('endpointText', () => {
  it('says what a working server answered, how fast and what it has in flight', () => {
    expect(endpointText(base)).toBe('12 answers · 4.5/min · 3 of 4 busy');
    expect(endpointText({ ...base, answered: 1, failed: 2 })).toBe('1 answer · 4.5/min · 3 of 4 busy · 2 failed');
  });

  it('says why a retired server was taken out, and nothing of slots it no longer uses', () => {
    expect(endpointText({ ...base, active: 0, failed: 3, retired: 'connection refused (ECONNREFUSED)' })).toBe('12 answers · 4.5/min · 3 failed · retired: connection refused (ECONNREFUSED)');
  });
});

describe('listedEndpoints', () => {
  it('lists servers only when there are several to compare', () => {
    expect(listedEndpoints(undefined)).toEqual([]);
    expect(listedEndpoints([base])).toEqual([]);
    expect(listedEndpoints([base, { ...base, name: 'b' }])).toHaveLength(2);
  });
});
