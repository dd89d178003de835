// Test-only worker entry that fails while loading, as a worker with a missing native module would.
// Plain JS, so a doomed worker does not spend a second loading the TypeScript loader first.
throw new Error('entry failed to load: native binding missing');
