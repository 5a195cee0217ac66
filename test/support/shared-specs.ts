/**
 * The real Portworx specs under `../shared/fixtures/portworx-specs` (beside the repository, never copied into it):
 * the only place outside the repository a test may read. Where they are absent, their tests are skipped with a
 * message, except under CI=true, where their absence fails the run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The shared corpus of real specs: `../shared/fixtures/portworx-specs` from the repository root. */
export const SHARED_SPECS_DIR = join(__dirname, '../../../shared/fixtures/portworx-specs');

/**
 * True when the shared specs are there. When they are not: throws under CI=true (CI must test them), else logs
 * why their tests are skipped and returns false.
 */
export function sharedSpecsAvailable(what: string): boolean {
  if (existsSync(SHARED_SPECS_DIR)) return true;
  const message = `the shared Portworx specs are not at ${SHARED_SPECS_DIR}: ${what} skipped`;
  if (process.env.CI === 'true') throw new Error(`${message}, which CI does not allow (put the specs at ../shared/fixtures/portworx-specs)`);
  console.log(message);
  return false;
}
