/**
 * The default class of a bundle: the one class annotated as the default (`StorageClass` or
 * `VolumeSnapshotClass`), which claims and snapshots that name no class use.
 */
import { valueAt } from '../yaml/plain-json';
import { BundleObject } from './bundle';
import { nameOf } from './bundle-secrets';

/** The name of the one class of `classes` whose `annotation` is `"true"`; `undefined` when none or several are. */
export function defaultClassName(classes: readonly BundleObject[], annotation: string): string | undefined {
  const defaults = classes.filter(({ object }) => valueAt(object, ['metadata', 'annotations', annotation]) === 'true');
  const [only, ...others] = defaults;
  return only !== undefined && others.length === 0 ? nameOf(only.object) : undefined;
}
