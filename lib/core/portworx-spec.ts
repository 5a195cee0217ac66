/**
 * A Portworx install spec as the front doors take it: from a file, from text, or from objects.
 */
import { readInputFile } from '../node/input-file';
import type { SpecWarning } from './yaml/documents';

/** The objects of a Portworx install spec (DaemonSet or operator form), unpatched. */
export class PortworxSpec {
  /** Reads a multi-document YAML spec, e.g. one downloaded from the Portworx spec generator. */
  public static fromFile(path: string): PortworxSpec {
    const text = readInputFile(path, {
      field: 'spec',
      errorCode: 'SPEC_UNREADABLE',
      unreadableFix: 'give the path of a Portworx install spec, relative to the directory you run from',
    });
    return PortworxSpec.fromText(text, path);
  }

  /** Parses a multi-document YAML spec; `file` names it in messages. */
  public static fromText(text: string, file = 'spec'): PortworxSpec {
    // The YAML parser is loaded when a spec is parsed, not when the package loads (specs given as objects, and
    // clusters without a spec, never need it).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseSpec } = require('./yaml/documents') as typeof import('./yaml/documents');
    const parsed = parseSpec(text, file);
    return new PortworxSpec(parsed.objects, file, parsed.warnings);
  }

  /** Takes objects that are already parsed (e.g. from another tool). */
  public static fromObjects(objects: readonly Record<string, unknown>[], file = 'spec objects'): PortworxSpec {
    return new PortworxSpec(objects, file, []);
  }

  private constructor(
    /** The spec's objects, in order. */
    public readonly objects: readonly Record<string, unknown>[],
    /** Where the spec came from, for messages. */
    public readonly file: string,
    /** What parsing noticed (duplicate keys and such). */
    public readonly warnings: readonly SpecWarning[],
  ) {}
}
