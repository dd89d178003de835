import { describe, expect, it } from 'vitest';
import { LlmConfigSchema } from '../../../shared/autocaption/config.ts';
import { buildRows, rowConfig, rowsFromSettings, withExtraEndpoints } from './extraServers.ts';

const main = LlmConfigSchema.parse({ baseUrl: 'http://gpu1:8000/v1', model: 'qwen' });

describe('extra server rows', () => {
  it('round-trip through the settings; an old settings file has none', () => {
    expect(rowsFromSettings(main)).toEqual([]);
    const llm = withExtraEndpoints(main, [{ baseUrl: 'http://gpu2:8000/v1', model: '', concurrency: 4 }]);
    expect(rowsFromSettings(llm)).toEqual([{ baseUrl: 'http://gpu2:8000/v1', model: '', concurrency: '4' }]);
    expect('extraEndpoints' in withExtraEndpoints(llm, [])).toBe(false);
  });

  it('checks each row and names it by its place after the main server', () => {
    expect(buildRows([{ baseUrl: ' http://gpu2:8000/v1 ', model: ' m ', concurrency: '3' }])).toEqual({ ok: true, value: [{ baseUrl: 'http://gpu2:8000/v1', model: 'm', concurrency: 3 }] });
    expect(buildRows([{ baseUrl: 'http://a/v1', model: '', concurrency: '2' }, { baseUrl: 'gpu3:8000', model: '', concurrency: '2' }])).toEqual({ ok: false, message: 'Server 3: the URL must start with http:// or https://.' });
    expect(buildRows([{ baseUrl: 'http://a/v1', model: '', concurrency: '0' }])).toMatchObject({ ok: false, message: /^Server 2: concurrency/ });
  });

  it('tests a row as a server of its own, with the main model when it names none', () => {
    expect(rowConfig(main, { baseUrl: 'http://gpu2:8000/v1', model: '', concurrency: '2' })).toMatchObject({ baseUrl: 'http://gpu2:8000/v1', model: 'qwen' });
    expect(rowConfig(main, { baseUrl: 'nope', model: '', concurrency: '2' })).toBeNull();
  });
});
