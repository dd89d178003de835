import { describe, expect, it } from 'vitest';
import { DATASET_SCHEME } from '../../shared/contract/urls.ts';
import { APP_SCHEME } from './app-url.ts';
import { SCHEMES } from './schemes.ts';

const privileges = (scheme: string) => SCHEMES.find((s) => s.scheme === scheme)?.privileges;

describe('custom schemes', () => {
  it('keep V8 code cache for the renderer, which Electron honours only on a standard scheme', () => {
    expect(privileges(APP_SCHEME)).toMatchObject({ standard: true, secure: true, codeCache: true });
  });

  it('never let another origin read their responses', () => {
    expect(SCHEMES.map((s) => s.scheme).sort()).toEqual([APP_SCHEME, DATASET_SCHEME].sort());
    for (const s of SCHEMES) expect(s.privileges?.corsEnabled ?? false).toBe(false);
    expect(privileges(DATASET_SCHEME)).toMatchObject({ standard: true, secure: true });
  });
});
