// Test-only worker entry that fails while loading, as a worker with a missing native module would.
throw new Error('entry failed to load: native binding missing');
