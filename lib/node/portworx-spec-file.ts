/**
 * The file reader of `PortworxSpec.fromFile`: the spec model is pure core (`lib/core/cluster/portworx-spec.ts`); reading
 * the file is the Node adapter's, through the one reader. Every entry point that exports `PortworxSpec` exports
 * it from here, so the reader is installed before a user can call `fromFile`.
 */
import { PortworxSpec } from '../core/cluster/portworx-spec';
import { readInputFile } from './input-file';

PortworxSpec.readSpecFile = (path) =>
  readInputFile(path, {
    field: 'spec',
    errorCode: 'SPEC_UNREADABLE',
    unreadableFix: 'give the path of a Portworx install spec, relative to the directory you run from',
  });

export { PortworxSpec };
