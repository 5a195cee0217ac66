/**
 * `PortworxSpec` with its file reader: the class the package exports. The spec model (`fromText`, `fromObjects`)
 * is pure core (`lib/core/portworx-spec.ts`); reading the file is the Node adapter's, through the one reader.
 */
import { PortworxSpec as PortworxSpecModel } from '../core/portworx-spec';
import { readInputFile } from './input-file';

/** The objects of a Portworx install spec (DaemonSet or operator form), unpatched: from a file, text or objects. */
export class PortworxSpec extends PortworxSpecModel {
  /** Reads a multi-document YAML spec, e.g. one downloaded from the Portworx spec generator. */
  public static fromFile(path: string): PortworxSpecModel {
    const text = readInputFile(path, {
      field: 'spec',
      errorCode: 'SPEC_UNREADABLE',
      unreadableFix: 'give the path of a Portworx install spec, relative to the directory you run from',
    });
    return PortworxSpecModel.fromText(text, path);
  }
}
