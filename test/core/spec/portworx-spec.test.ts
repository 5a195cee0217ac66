/**
 * `PortworxSpec` is one class: whichever entry point a program takes it from, and whichever factory made it
 * (`fromFile`, `fromText`, `fromObjects`), `instanceof PortworxSpec` holds and the front doors accept it.
 */
import * as path from 'node:path';
import { PortworxSpec } from '../../../lib';
import { PortworxSpec as CdkPortworxSpec } from '../../../lib/cdk8s';
import { PortworxSpec as PulumiPortworxSpec } from '../../../lib/pulumi';
import { PortworxSpec as SpecPortworxSpec } from '../../../lib/spec';
import { PxSecurityError } from '../../../lib/errors';

const SPEC_FILE = path.join(__dirname, '../../fixtures/specs/06-operator-storagecluster.yaml');

describe('PortworxSpec', () => {
  it('is one class across the entry points', () => {
    expect(CdkPortworxSpec).toBe(PortworxSpec);
    expect(PulumiPortworxSpec).toBe(PortworxSpec);
    expect(SpecPortworxSpec).toBe(PortworxSpec);
  });

  it('fromFile, fromText and fromObjects all make a PortworxSpec', () => {
    const fromFile = PortworxSpec.fromFile(SPEC_FILE);
    expect(fromFile).toBeInstanceOf(PortworxSpec);
    expect(fromFile.file).toBe(SPEC_FILE);
    expect(fromFile.objects.some((object) => object.kind === 'StorageCluster')).toBe(true);
    expect(PortworxSpec.fromText('kind: ConfigMap\n')).toBeInstanceOf(PortworxSpec);
    expect(PortworxSpec.fromObjects([{ kind: 'ConfigMap' }])).toBeInstanceOf(PortworxSpec);
  });

  it('fromFile of a missing file is SPEC_UNREADABLE, naming the path', () => {
    const missing = path.join(__dirname, 'no-such-spec.yaml');
    let thrown: unknown;
    try {
      PortworxSpec.fromFile(missing);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PxSecurityError);
    expect((thrown as PxSecurityError).code).toBe('SPEC_UNREADABLE');
    expect((thrown as PxSecurityError).message).toContain('no-such-spec.yaml');
  });

  it('the core class without the Node adapter refuses fromFile with SPEC_UNREADABLE and says where to import from', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const core = require('../../../lib/core/cluster/portworx-spec') as typeof import('../../../lib/core/cluster/portworx-spec');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const errors = require('../../../lib/core/errors/errors') as typeof import('../../../lib/core/errors/errors');
      let thrown: unknown;
      try {
        core.PortworxSpec.fromFile(SPEC_FILE);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(errors.PxSecurityError);
      expect((thrown as PxSecurityError).code).toBe('SPEC_UNREADABLE');
      expect((thrown as PxSecurityError).message).toContain("import PortworxSpec from 'px-security-constructs'");
    });
  });
});
