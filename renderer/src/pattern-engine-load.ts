// The RE2 engine's chunk (pattern-engine.ts imports it once the first screen is shown). The one place
// the page reaches the `re2js` package itself: every other import of it gets the stand-in.
export { RE2JS, RE2JSException } from 're2js';
