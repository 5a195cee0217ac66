/**
 * A Portworx install spec as the front doors take it: from text or from objects (pure). `PortworxSpec.fromFile`
 * is the Node adapter's (`lib/node/portworx-spec-file.ts`), the class the package exports.
 */
import type { SpecWarning } from './yaml/documents';

/** The objects of a Portworx install spec (DaemonSet or operator form), unpatched. */
export class PortworxSpec {
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

  protected constructor(
    /** The spec's objects, in order. */
    public readonly objects: readonly Record<string, unknown>[],
    /** Where the spec came from, for messages. */
    public readonly file: string,
    /** What parsing noticed (duplicate keys and such). */
    public readonly warnings: readonly SpecWarning[],
  ) {}
}
