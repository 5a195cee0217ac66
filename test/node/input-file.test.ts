import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeInput, DEFAULT_MAX_INPUT_BYTES, parseByteSize, readInputFile } from '../../lib/node/input-file';
import { caughtPxSecurityError } from '../support/caught';

let dir: string;
const at = (name: string): string => join(dir, name);

beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'pxsec-input-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('readInputFile', () => {
  test('UTF-8 text comes back exactly, a byte order mark included', () => {
    const text = '\uFEFFapiVersion: v1 # Résumé, 日本語, 🚀\n';
    fs.writeFileSync(at('spec.yaml'), text);
    expect(readInputFile(at('spec.yaml'), { field: 'SPEC' })).toBe(text);
  });

  test.each([
    ['a Latin-1 comment', Buffer.concat([Buffer.from('a: 1\nb: 2 # R'), Buffer.from([0xe9]), Buffer.from('sum\n')]), 2, 9],
    ['a lone continuation byte', Buffer.concat([Buffer.from('a: '), Buffer.from([0x80])]), 1, 4],
    ['a truncated 3-byte sequence at the end', Buffer.concat([Buffer.from('x\ny\n'), Buffer.from([0xe6, 0x97])]), 3, 1],
    ['an overlong encoding', Buffer.concat([Buffer.from('k: '), Buffer.from([0xc0, 0xaf])]), 1, 4],
    ['a UTF-16 file', Buffer.from('\uFEFFa: 1\n', 'utf16le'), 1, 1],
  ])('%s is INPUT_NOT_UTF8 with its line and byte, never replaced by U+FFFD', (_case, bytes, line, byte) => {
    fs.writeFileSync(at('latin1.yaml'), bytes);
    const error = caughtPxSecurityError(() => readInputFile(at('latin1.yaml'), { field: 'SPEC', displayPath: 'latin1.yaml' }));
    expect(error.code).toBe('INPUT_NOT_UTF8');
    expect(error.message).toBe(
      `SPEC "latin1.yaml" is not UTF-8: line ${line}, byte ${byte} of that line starts an invalid byte sequence: save the file as UTF-8 (e.g. "iconv -f latin1 -t utf-8"); pxsec never rewrites bytes it cannot read`,
    );
  });

  test('a file over the limit is INPUT_TOO_LARGE, refused before it is read', () => {
    fs.writeFileSync(at('big.yaml'), 'a'.repeat(2049));
    const error = caughtPxSecurityError(() => readInputFile(at('big.yaml'), { field: 'PATH', displayPath: 'big.yaml', maxBytes: 2048 }));
    expect(error.message).toBe(
      'PATH "big.yaml" is larger than the limit of 2 KiB (or never ends): give a smaller input, or raise the limit with --max-input-size (e.g. --max-input-size 256M)',
    );
    expect(readInputFile(at('big.yaml'), { field: 'PATH', maxBytes: 2049 })).toHaveLength(2049);
  });

  test('a device that never ends (/dev/zero, /dev/urandom) is INPUT_NOT_A_FILE at once', () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const started = Date.now();
      const error = caughtPxSecurityError(() => readInputFile(device, { field: 'PATH' }));
      expect(error.code).toBe('INPUT_NOT_A_FILE');
      expect(error.message).toContain('is a device, not a file that can be read to its end');
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });

  test("a directory is INPUT_NOT_A_FILE; a missing file is the caller's code with the errno", () => {
    expect(caughtPxSecurityError(() => readInputFile(dir, { field: 'SPEC' })).code).toBe('INPUT_NOT_A_FILE');
    const missing = caughtPxSecurityError(() =>
      readInputFile(at('missing.yaml'), { field: 'SPEC', displayPath: 'missing.yaml', errorCode: 'SPEC_UNREADABLE' }),
    );
    expect(missing.message).toBe('SPEC "missing.yaml" cannot be read (ENOENT): give the path of a readable file');
    expect(missing.code).toBe('SPEC_UNREADABLE');
  });

  test('a file that reports size 0 but holds more (/proc) is still bounded while reading', () => {
    const error = caughtPxSecurityError(() => readInputFile('/proc/self/maps', { field: 'PATH', maxBytes: 16 }));
    expect(error.code).toBe('INPUT_TOO_LARGE');
  });
});

describe('decodeInput (standard input)', () => {
  test('bytes over the limit, and strings over it, are INPUT_TOO_LARGE naming <stdin>', () => {
    expect(caughtPxSecurityError(() => decodeInput(Buffer.alloc(11), { field: 'SPEC', displayPath: '<stdin>', maxBytes: 10 })).message).toContain(
      'SPEC "<stdin>" is larger than the limit of 10 bytes',
    );
    expect(caughtPxSecurityError(() => decodeInput('é'.repeat(6), { field: 'SPEC', maxBytes: 11 })).code).toBe('INPUT_TOO_LARGE');
    expect(decodeInput(Buffer.from('ok'), { field: 'SPEC' })).toBe('ok');
  });
});

describe('parseByteSize', () => {
  test.each([
    ['64M', 64 * 1024 * 1024],
    ['512k', 512 * 1024],
    ['1G', 1024 ** 3],
    ['1000', 1000],
    ['2MiB', 2 * 1024 * 1024],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseByteSize(text, '--max-input-size')).toBe(bytes);
  });

  test.each(['0', '-1', '1.5M', 'lots', '', '1T'])('%j is INPUT_LIMIT_INVALID', (text) => {
    expect(caughtPxSecurityError(() => parseByteSize(text, '--max-input-size')).code).toBe('INPUT_LIMIT_INVALID');
  });

  test('the default is 32 MiB', () => {
    expect(DEFAULT_MAX_INPUT_BYTES).toBe(32 * 1024 * 1024);
  });
});
