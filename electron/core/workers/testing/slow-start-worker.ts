// Test-only worker entry that takes a while to load, like one importing a large native module.
import { serveWorker } from '../serve-worker.ts';

await new Promise((resolve) => setTimeout(resolve, 1_500));
serveWorker<string, string>(async (req) => `started slowly: ${req}`);
