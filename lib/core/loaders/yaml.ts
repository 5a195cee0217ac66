/**
 * The YAML parser (`yaml`) and the modules built on it, loaded when YAML is parsed, not when the package loads.
 *
 * Kept off the startup path: `require('px-security-constructs/cdk8s')` and `/pulumi` load no YAML parser until a
 * spec is parsed (specs given as objects, and clusters without a spec, never need it), and `pxsec token decode`
 * and `verify` never load it (the load-list tests in test/package/package.slow.test.ts, and the cdk8s figure of
 * bench/load-time.ts: the front door within 1.15x of `require('cdk8s')`). Every lazy load of YAML code is here.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- this module is where the lazy loads live */

/** The `yaml` package. */
export function loadYaml(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}

/** Multi-document spec parsing (`../yaml/documents`). */
export function loadYamlDocuments(): typeof import('../yaml/documents') {
  return require('../yaml/documents') as typeof import('../yaml/documents');
}

/** YAML problems with line and column (`../yaml/problems`). */
export function loadYamlProblems(): typeof import('../yaml/problems') {
  return require('../yaml/problems') as typeof import('../yaml/problems');
}
