import type { Plugin } from 'esbuild';

/** The banner an ES module bundle needs for requirePackages: the `require` esbuild's calls use. */
export declare const REQUIRE_SHIM: string;
/** Whether a metafile input is one of the plugin's stand-in modules (no file). */
export declare function isStandIn(input: string): boolean;
/** Loads the packages `wanted` names (CommonJS, external) with require() in an ES module bundle. */
export declare function requirePackages(wanted: (name: string) => boolean): Plugin;
