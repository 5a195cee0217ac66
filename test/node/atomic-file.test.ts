// The module object itself (an import namespace is a frozen copy), so that failures can be injected into it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fs = require('node:fs');
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWriteError, writeFileAtomically } from '../../lib/node/atomic-file';
import { caughtPxSecurityError } from '../support/caught';

let dir: string;
const at = (name: string): string => join(dir, name);
const ORIGINAL = "apiVersion: v1\nkind: ConfigMap # the user's own file\n";
const CONTENT = `${'x'.repeat(50_000)}\nend\n`;

beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'pxsec-atomic-'));
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The directory holds exactly these names (no temporary file left behind). */
function expectOnly(names: string[]): void {
  expect(fs.readdirSync(dir).sort()).toEqual(names.sort());
}

describe('writeFileAtomically', () => {
  test('continues short writes until every byte is written (the file system may write less than asked)', () => {
    const realWrite = fs.writeSync;
    // At most 1000 bytes per call, as a nearly full disk or a network file system may do.
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, content: Uint8Array | string, offset?: number, length?: number) => {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      const start = typeof content === 'string' ? 0 : (offset ?? 0);
      return realWrite(fd, bytes, start, Math.min(length ?? bytes.length - start, 1000));
    }) as typeof fs.writeSync);
    fs.writeFileSync(at('spec.yaml'), ORIGINAL);
    writeFileAtomically(at('spec.yaml'), CONTENT, { mode: 0o644 });
    expect(fs.readFileSync(at('spec.yaml'), 'utf8')).toBe(CONTENT);
    expectOnly(['spec.yaml']);
  });

  test('a full disk (ENOSPC mid-write) leaves the target byte-identical, removes the temporary file and names path and errno', () => {
    const realWrite = fs.writeSync;
    let calls = 0;
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, content: Uint8Array | string, offset?: number, length?: number) => {
      calls += 1;
      if (calls > 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      // The first write stops where the disk is full (as tmpfs does: 12,288 bytes of a 17 KB spec).
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      const start = typeof content === 'string' ? 0 : (offset ?? 0);
      return realWrite(fd, bytes, start, Math.min(length ?? bytes.length - start, 12_288));
    }) as typeof fs.writeSync);
    fs.writeFileSync(at('spec.yaml'), ORIGINAL);
    const error = caughtPxSecurityError(() =>
      writeFileAtomically(at('spec.yaml'), CONTENT, { mode: 0o644, field: '--output', displayPath: 'spec.yaml', errorCode: 'OUTPUT_FILE_UNWRITABLE' }),
    );
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as FileWriteError).errno).toBe('ENOSPC');
    expect(error.code).toBe('OUTPUT_FILE_UNWRITABLE');
    expect(error.message).toBe('--output "spec.yaml" cannot be written (ENOSPC): free space on that file system, or write elsewhere; nothing was changed');
    expect(fs.readFileSync(at('spec.yaml'), 'utf8')).toBe(ORIGINAL);
    expectOnly(['spec.yaml']);
  });

  test('a write that makes no progress is ENOSPC, not an endless loop', () => {
    jest.spyOn(fs, 'writeSync').mockReturnValue(0);
    const error = caughtPxSecurityError(() => writeFileAtomically(at('new.yaml'), CONTENT, { mode: 0o600 }));
    expect([error.code, (error as FileWriteError).errno]).toEqual(['FILE_WRITE_FAILED', 'ENOSPC']);
    expectOnly([]);
  });

  test('fsync of the file and of its directory both happen before success', () => {
    const synced: number[] = [];
    const realFsync = fs.fsyncSync;
    jest.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
      synced.push(fd);
      realFsync(fd);
    });
    writeFileAtomically(at('keys.json'), '{}\n', { mode: 0o600 });
    expect(synced).toHaveLength(2);
  });

  test('a symlinked target is refused: neither the link nor the file it points to changes', () => {
    fs.writeFileSync(at('real.yaml'), ORIGINAL);
    fs.symlinkSync(at('real.yaml'), at('link.yaml'));
    const error = caughtPxSecurityError(() => writeFileAtomically(at('link.yaml'), CONTENT, { mode: 0o644, field: '--output', displayPath: 'link.yaml' }));
    expect(error.code).toBe('FILE_TARGET_SYMLINK');
    expect(error.message).toContain('--output "link.yaml" is a symbolic link');
    expect(fs.readFileSync(at('real.yaml'), 'utf8')).toBe(ORIGINAL);
    expect(fs.lstatSync(at('link.yaml')).isSymbolicLink()).toBe(true);
    expectOnly(['link.yaml', 'real.yaml']);
  });

  test('a dangling symlink is refused: nothing is created where it points', () => {
    fs.symlinkSync(at('elsewhere/missing.json'), at('ks.json'));
    fs.mkdirSync(at('elsewhere'));
    const error = caughtPxSecurityError(() => writeFileAtomically(at('ks.json'), '{}', { mode: 0o600, noReplace: true }));
    expect(error.code).toBe('FILE_TARGET_SYMLINK');
    expect(fs.readdirSync(at('elsewhere'))).toEqual([]);
  });

  test('a directory or a device as target is FILE_TARGET_NOT_A_FILE', () => {
    fs.mkdirSync(at('out'));
    expect(caughtPxSecurityError(() => writeFileAtomically(at('out'), 'x', { mode: 0o644 })).code).toBe('FILE_TARGET_NOT_A_FILE');
    expect(caughtPxSecurityError(() => writeFileAtomically('/dev/null', 'x', { mode: 0o644 })).code).toBe('FILE_TARGET_NOT_A_FILE');
  });

  test('a missing directory names path and errno, and leaves nothing behind', () => {
    const error = caughtPxSecurityError(() =>
      writeFileAtomically(at('missing/out.yaml'), 'x', { mode: 0o644, field: '--output', displayPath: 'missing/out.yaml' }),
    );
    expect(error.message).toBe(
      '--output "missing/out.yaml" cannot be written (ENOENT): give a path in an existing directory you can write to; nothing was changed',
    );
    expectOnly([]);
  });

  test('noReplace never replaces an existing file (EEXIST), and the existing file is unchanged', () => {
    fs.writeFileSync(at('ks.json'), ORIGINAL, { mode: 0o600 });
    const error = caughtPxSecurityError(() => writeFileAtomically(at('ks.json'), CONTENT, { mode: 0o600, noReplace: true }));
    expect((error as FileWriteError).errno).toBe('EEXIST');
    expect(fs.readFileSync(at('ks.json'), 'utf8')).toBe(ORIGINAL);
    expectOnly(['ks.json']);
  });

  test('a target whose name is at the 255-byte limit is written (the temporary name stays within it)', () => {
    const name = 'n'.repeat(255);
    writeFileAtomically(at(name), CONTENT, { mode: 0o644 });
    expect(fs.readFileSync(at(name), 'utf8')).toBe(CONTENT);
    expectOnly([name]);
  });
});

test('a file where the directory should be is ENOTDIR, never EEXIST (which would mean the target exists)', () => {
  fs.writeFileSync(at('.pxsec'), 'a file');
  const error = caughtPxSecurityError(() => writeFileAtomically(at('.pxsec/keystore.json'), '{}', { mode: 0o600, noReplace: true, createDirectory: true }));
  expect((error as FileWriteError).errno).toBe('ENOTDIR');
});
