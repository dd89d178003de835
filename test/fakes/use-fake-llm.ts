import { afterEach } from 'vitest';
import { startFakeLlmServer, type FakeLlmOptions, type FakeLlmServer } from './llm-server.ts';

/**
 * For a test file (or a describe block): returns a function that starts a fake LLM server, each one
 * closed after the test that started it. Call it where `afterEach` may be called.
 */
export function useFakeLlms(): (opts?: FakeLlmOptions) => Promise<FakeLlmServer> {
  const servers: FakeLlmServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  return async (opts = {}) => {
    const server = await startFakeLlmServer(opts);
    servers.push(server);
    return server;
  };
}
