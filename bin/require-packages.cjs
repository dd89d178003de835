// An esbuild plugin shared by the CLI's loader (load-ts.cjs), the desktop build and the thumbnail
// benchmark: in an ES module bundle, the CommonJS packages it imports statically are loaded with
// require(). Node's ES loader takes ~40 ms longer to import sharp than require() does (it parses the
// package for its export names and resolves each file it requires through the ES loader), and every
// thumbnail, tagger and lint worker pays that at its start.
'use strict';
const { isBuiltin } = require('node:module');

/** The banner an ES module bundle needs for this: the `require` esbuild's calls use. */
const REQUIRE_SHIM = "import { createRequire as __tagsmithCreateRequire } from 'node:module'; const require = __tagsmithCreateRequire(import.meta.url);";

const NAMESPACE = 'require-package';

/**
 * `wanted(name)`: whether this package (its name without any subpath) is loaded with require(); it
 * must be a CommonJS package, left external. Anything else is left to the other plugins and esbuild.
 */
function requirePackages(wanted) {
  return {
    name: 'require-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        // The require() inside the stand-in module below: the package itself, from node_modules.
        if (args.namespace === NAMESPACE) return { path: args.path, external: true };
        if (args.kind !== 'import-statement' || isBuiltin(args.path)) return undefined;
        const parts = args.path.split('/');
        const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        return wanted(name) ? { path: args.path, namespace: NAMESPACE } : undefined;
      });
      // A CommonJS stand-in: esbuild gives its importers the package's exports as Node would.
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
  };
}

/** Whether a metafile input is one of the stand-in modules (no file). */
const isStandIn = (input) => input.startsWith(`${NAMESPACE}:`);

module.exports = { REQUIRE_SHIM, isStandIn, requirePackages };
