/**
 * The `pxsec` command files, each loaded only when its command runs (see `PXSEC_COMMANDS` in `../main`).
 *
 * Kept off the startup path: `pxsec --help` and `--version` load no command file, and `pxsec token decode` only
 * `token`'s (the load lists in test/package/package.slow.test.ts; the figure of bench/load-time.ts: `pxsec --help`
 * within 1.5x of `node -e 0`). Plain `require`s, so jest, tsx and node all load them alike. Every lazy load of a
 * command file is here.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- this module is where the lazy loads live */

/** `pxsec patch`. */
export function loadPatchCommand(): typeof import('../patch') {
  return require('../patch') as typeof import('../patch');
}

/** `pxsec seal`. */
export function loadSealCommand(): typeof import('../seal') {
  return require('../seal') as typeof import('../seal');
}

/** `pxsec token`. */
export function loadTokenCommand(): typeof import('../token') {
  return require('../token') as typeof import('../token');
}

/** `pxsec keys`. */
export function loadKeysCommand(): typeof import('../keys') {
  return require('../keys') as typeof import('../keys');
}

/** `pxsec check`. */
export function loadCheckCommand(): typeof import('../check') {
  return require('../check') as typeof import('../check');
}
