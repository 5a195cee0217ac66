/**
 * What `pxsec token decode` and `token verify` print about a token: header, claims, and the time claims in
 * ISO-8601 UTC with "expires in …" / "expired … ago" relative to the current time.
 */

/** The time claims shown in human time. */
export const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;

/** A token's header and claims, with its time claims in ISO-8601 UTC; the shape of `--json` output. */
export interface TokenReport {
  /** The JOSE header as the token carries it. */
  readonly header: Record<string, unknown>;
  /** The claims as the token carries them, in the token's order. */
  readonly claims: Record<string, unknown>;
  /** `iat`, `nbf`, `exp` (those present as numbers) in ISO-8601 UTC, e.g. `2023-11-15T22:13:20Z`. */
  readonly times: Partial<Record<(typeof TIME_CLAIMS)[number], string>>;
  /** `expires in 23h 50m` or `expired 2d 1h ago`, relative to the current time; absent without a numeric `exp`. */
  readonly expiry?: string;
}

/** Describes a decoded token at `now` (seconds since the epoch). */
export function tokenReport(header: Record<string, unknown>, claims: Record<string, unknown>, now: number): TokenReport {
  const times: Partial<Record<(typeof TIME_CLAIMS)[number], string>> = {};
  for (const claim of TIME_CLAIMS) {
    const iso = isoTime(claims[claim]);
    if (iso !== undefined) times[claim] = iso;
  }
  const exp = claims.exp;
  const expiry =
    times.exp === undefined || typeof exp !== 'number' ? undefined : exp > now ? `expires in ${timeSpan(exp - now)}` : `expired ${timeSpan(now - exp)} ago`;
  return { header, claims, times, ...(expiry === undefined ? {} : { expiry }) };
}

/**
 * The report as indented `key: value` lines, values as JSON and unusual names quoted (so a control character or a
 * terminal escape cannot hide in a claim or its name).
 */
export function renderTokenReport(report: TokenReport): string {
  const lines = ['header:', ...Object.entries(report.header).map(([key, value]) => `  ${memberName(key)}: ${jsonText(value)}`), 'claims:'];
  for (const [claim, value] of Object.entries(report.claims)) {
    const iso = (report.times as Record<string, string | undefined>)[claim];
    const notes = [iso, claim === 'exp' ? report.expiry : undefined].filter((note) => note !== undefined);
    lines.push(`  ${memberName(claim)}: ${jsonText(value)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A header or claim name as written, or quoted as JSON when it holds more than letters, digits, `_`, `-`, `.`. */
function memberName(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : JSON.stringify(name);
}

/** Containers nested deeper than this are written on one line by `jsonText`, whatever the indent. */
const INDENTED_DEPTH = 32;

/**
 * `JSON.stringify(value, null, indent)` for JSON data, without recursion: a claim may nest 10000 levels (Go's limit,
 * which Portworx accepts), deeper than `JSON.stringify` can go. Containers below `INDENTED_DEPTH` levels are
 * written on one line, so the output grows with the data, not with the square of its depth.
 */
export function jsonText(value: unknown, indent = 0): string {
  interface Frame {
    readonly close: string;
    readonly entries: readonly (readonly [string | undefined, unknown])[];
    readonly depth: number;
    index: number;
  }
  const out: string[] = [];
  const stack: Frame[] = [];
  const pretty = (depth: number): boolean => indent > 0 && depth <= INDENTED_DEPTH;
  const write = (item: unknown, depth: number): void => {
    if (typeof item !== 'object' || item === null) {
      out.push(JSON.stringify(item) ?? 'null');
      return;
    }
    const list = Array.isArray(item);
    const entries = list
      ? (item as unknown[]).map((entry) => [undefined, entry] as const)
      : Object.entries(item).filter(([, entry]) => entry !== undefined && typeof entry !== 'function');
    if (entries.length === 0) out.push(list ? '[]' : '{}');
    else {
      out.push(list ? '[' : '{');
      stack.push({ close: list ? ']' : '}', entries, depth: depth + 1, index: 0 });
    }
  };
  const lineBreak = (depth: number): string => `\n${' '.repeat(indent * depth)}`;
  write(value, 0);
  for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
    const entry = frame.entries[frame.index];
    if (entry === undefined) {
      stack.pop();
      out.push(`${pretty(frame.depth) ? lineBreak(frame.depth - 1) : ''}${frame.close}`);
      continue;
    }
    const [key, item] = entry;
    const name = key === undefined ? '' : `${JSON.stringify(key)}:${pretty(frame.depth) ? ' ' : ''}`;
    out.push(`${frame.index > 0 ? ',' : ''}${pretty(frame.depth) ? lineBreak(frame.depth) : ''}${name}`);
    frame.index++;
    write(item, frame.depth);
  }
  return out.join('');
}

/** Warnings of a verdict (what Portworx accepts but is unwise), one `pxsec: warning: CODE: message` line each. */
export function renderTokenWarnings(warnings: readonly { readonly code: string; readonly message: string }[]): string {
  return warnings.map((warning) => `pxsec: warning: ${warning.code}: ${warning.message}\n`).join('');
}

/** Seconds since the epoch as ISO-8601 UTC without milliseconds when whole; `undefined` for anything else. */
export function isoTime(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) return undefined;
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

const SPAN_UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** A span of seconds in its two largest units, e.g. `364d 23h`, `10m`, `0s`. */
export function timeSpan(seconds: number): string {
  let rest = Math.floor(seconds);
  const parts: string[] = [];
  for (const [unit, size] of SPAN_UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count}${unit}`);
  }
  const shown = parts.slice(0, 2).filter((part) => !part.startsWith('0'));
  return shown.length > 0 ? shown.join(' ') : '0s';
}
