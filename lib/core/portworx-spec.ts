/**
 * A Portworx install spec as the front doors take it: from a file, from text, or from objects.
 */
import * as fs from 'node:fs';
import { PxSecurityError } from './errors';
import type { SpecWarning } from './spec/parse';

/** The objects of a Portworx install spec (DaemonSet or operator form), unpatched. */
export class PortworxSpec {
  /** Reads a multi-document YAML spec, e.g. one downloaded from the Portworx spec generator. */
  public static fromFile(path: string): PortworxSpec {
    let text: string;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch (error) {
      throw new PxSecurityError({
        code: 'SPEC_UNREADABLE',
        cause: error,
        field: 'spec',
        value: path,
        problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        fix: 'give the path of a Portworx install spec, relative to the directory you run from',
      });
    }
    return PortworxSpec.fromText(text, path);
  }

  /** Parses a multi-document YAML spec; `file` names it in messages. */
  public static fromText(text: string, file = 'spec'): PortworxSpec {
    // The YAML parser is loaded when a spec is parsed, not when the package loads (specs given as objects, and
    // clusters without a spec, never need it).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseSpec } = require('./spec/parse') as typeof import('./spec/parse');
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
