import { expect, test } from './support/fixtures.ts';

// The web-mode rules, checked against the real server from outside a browser page.
test('web mode refuses requests without the token, with a foreign Host or Origin, and paths outside the dataset', async ({ served, playwright }) => {
  const port = new URL(served.origin).port;
  const anon = await playwright.request.newContext();
  expect((await anon.get(`${served.origin}/`)).status()).toBe(401);
  expect((await anon.post(`${served.origin}/api/dataset.snapshot`, { data: {} })).status()).toBe(401);
  expect((await anon.get(`${served.origin}/media/miku.png`)).status()).toBe(401);

  const auth = { Authorization: `Bearer ${served.token}` };
  const ok = await playwright.request.newContext({ extraHTTPHeaders: auth });
  expect((await ok.get(`${served.origin}/media/miku.png`)).status()).toBe(200);
  expect((await ok.get(`${served.origin}/media/miku.png`)).headers()['content-type']).toBe('image/png');
  expect((await ok.get(`${served.origin}/thumbs/miku.png?size=256`)).headers()['content-type']).toBe('image/webp');
  const snap = await (await ok.post(`${served.origin}/api/dataset.snapshot`, { data: {} })).json();
  expect(snap.ok).toBe(true);

  // DNS rebinding: a Host other than the bound one.
  expect((await ok.get(`${served.origin}/`, { headers: { Host: `evil.example:${port}` } })).status()).toBe(403);
  // A state-changing request from a foreign page.
  expect((await ok.post(`${served.origin}/api/history.undo`, { data: {}, headers: { Origin: 'http://evil.example' } })).status()).toBe(403);
  // Only images, only inside the dataset. (`%2e%2e` and bare `..` are resolved away by any URL parser
  // before sending; electron/web/server.test.ts sends those byte for byte with a raw client.)
  for (const path of ['/media/miku.txt', '/media/.tagsmith/settings.json', '/media/..%2fetc%2fpasswd', '/media/%2Fetc%2Fpasswd', '/media/set%20b%2f..%2f..%2fetc%2fpasswd']) {
    expect([403, 404], path).toContain((await ok.get(`${served.origin}${path}`)).status());
  }
  // The ?token= link sets an HttpOnly SameSite=Strict cookie.
  const link = await anon.get(served.url, { maxRedirects: 0 });
  expect(link.headers()['set-cookie']).toMatch(/HttpOnly/i);
  expect(link.headers()['set-cookie']).toMatch(/SameSite=Strict/i);
  await anon.dispose();
  await ok.dispose();
});
