import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, externalLink, isAppUrl } from './app-url.ts';

describe('isAppUrl', () => {
  // Chromium lowercases a standard scheme's host; Node's URL keeps a custom scheme's host as written.
  it.each([APP_ENTRY_URL, 'tagsmith://app/', 'tagsmith://app/assets/index-abc.js', 'tagsmith://app/index.html#/image/1', 'TAGSMITH://APP/index.html'])(
    'accepts %s',
    (url) => expect(isAppUrl(url)).toBe(true),
  );

  it.each([
    'file:///home/me/index.html',
    'https://app/index.html',
    'tagsmith://evil/index.html',
    'tagsmith://app.evil.example/index.html',
    'tagsmith://app:8080/index.html',
    'tagsmith://user@app/index.html',
    'tagsmith://app@evil/index.html',
    'dataset://media/a.png',
    'tagsmith:app/index.html',
    'javascript:alert(1)',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
    null,
    42,
  ])('refuses %s', (url) => expect(isAppUrl(url)).toBe(false));
});

describe('externalLink', () => {
  it.each([
    ['https://github.com/kohya-ss/sd-scripts', 'https://github.com/kohya-ss/sd-scripts'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://Example.COM/a b', 'https://example.com/a%20b'],
  ])('opens %s as %s', (url, expected) => expect(externalLink(url)).toBe(expected));

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'tagsmith://app/index.html',
    'dataset://media/a.png',
    'ms-settings:',
    'https://user:pass@example.com/',
    'mailto:a@example.com',
    '//example.com',
    '',
    undefined,
  ])('refuses %s', (url) => expect(externalLink(url)).toBeNull());
});
