import { describe, expect, it } from 'vitest';
import { WD14_MODELS } from '../../../models/wd14.ts';
import { APPROX_DOWNLOAD_BYTES, approxDownloadBytes } from './download-sizes.ts';

describe('approximate download sizes', () => {
  it('has a size for every registry model and none for a model the registry does not know', () => {
    expect(Object.keys(APPROX_DOWNLOAD_BYTES).sort()).toEqual(WD14_MODELS.map((m) => m.id).sort());
    expect(approxDownloadBytes('someone-else/tagger')).toBeNull();
  });

  it('keeps the sizes plausible: the large v3 models are the biggest, every model is 100 MB to 2 GB', () => {
    for (const bytes of Object.values(APPROX_DOWNLOAD_BYTES)) {
      expect(bytes).toBeGreaterThan(100e6);
      expect(bytes).toBeLessThan(2e9);
    }
    const largest = Object.entries(APPROX_DOWNLOAD_BYTES).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([id]) => id).sort();
    expect(largest).toEqual(['wd-eva02-large-tagger-v3', 'wd-vit-large-tagger-v3']);
  });
});
