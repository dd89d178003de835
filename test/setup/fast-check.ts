import fc from 'fast-check';

// Property tests explore fresh random inputs on every local run; CI replays one fixed seed so that a
// landing never depends on luck. FC_SEED=<seed from a failure report> replays a failure anywhere.
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261130 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
