/**
 * A Portworx install spec as the front doors take it: from a file, text or objects. The one class the package
 * exports. Parsing is pure; reading a file is the Node adapter's: `lib/node/portworx-spec-file.ts` installs the
 * reader `fromFile` uses, and every entry point that exports the class loads that module first, so the core
 * itself reads no file.
 */
import { PxSecurityError } from '../errors/errors';
import type { SpecWarning } from '../yaml/documents';
import { loadYamlDocuments } from '../loaders/yaml';

/** Reads the spec file at `path` as text (the Node adapter's bounded UTF-8 reader). */
export type SpecFileReader = (path: string) => string;

/** The objects of a Portworx install spec (DaemonSet or operator form), unpatched. */
export class PortworxSpec {
  /**
   * The file reader of {@link PortworxSpec.fromFile}, installed by the Node adapter.
   * @internal
   */
  public static readSpecFile: SpecFileReader | undefined;

  /** Reads a multi-document YAML spec, e.g. one downloaded from the Portworx spec generator. */
  public static fromFile(path: string): PortworxSpec {
    const read = PortworxSpec.readSpecFile;
    if (read === undefined) {
      throw new PxSecurityError({
        code: 'SPEC_UNREADABLE',
        field: 'spec',
        value: path,
        problem: 'cannot be read here: no file reader is installed (the module was loaded without the Node entry points)',
        fix: "import PortworxSpec from 'px-security-constructs' (or /spec, /cdk8s, /pulumi), or use PortworxSpec.fromText",
      });
    }
    return PortworxSpec.fromText(read(path), path);
  }

  /** Parses a multi-document YAML spec; `file` names it in messages. */
  public static fromText(text: string, file = 'spec'): PortworxSpec {
    // The YAML parser is loaded when a spec is parsed, not when the package loads (specs given as objects, and
    // clusters without a spec, never need it).
    const { parseSpec } = loadYamlDocuments();
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
