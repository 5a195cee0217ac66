/**
 * "Did you mean": the one way this library finds the value a mistaken one was meant to be (a role, a class
 * parameter's value, a guest access mode, an auth-config key), for the fix of an error.
 */
import { editDistance } from './edit-distance';

/** How {@link nearestChoice} compares. */
export interface NearMissOptions {
  /** Applied to the value and to each choice before comparing. @default - lowercase */
  readonly normalize?: (text: string) => string;
  /** The most edits a near miss may be away (0: only equal once normalized). @default 2 */
  readonly maxEdits?: number;
  /** Also take the first choice that starts with the value (of 3 characters or more) when none is near. @default false */
  readonly prefix?: boolean;
}

/**
 * The choice `value` is a near miss of: equal once normalized, else the nearest within `maxEdits` edits (the
 * first of equally near ones), else (with `prefix`) the first that starts with it; `undefined` when none.
 */
export function nearestChoice<T extends string>(value: string, choices: readonly T[], options: NearMissOptions = {}): T | undefined {
  const normalize = options.normalize ?? ((text: string): string => text.toLowerCase());
  const maxEdits = options.maxEdits ?? 2;
  const wanted = normalize(value);
  if (wanted === '') return undefined;
  let best: { readonly choice: T; readonly distance: number } | undefined;
  for (const choice of choices) {
    const distance = editDistance(wanted, normalize(choice));
    if (distance <= maxEdits && (best === undefined || distance < best.distance)) best = { choice, distance };
  }
  if (best !== undefined) return best.choice;
  return options.prefix === true && wanted.length >= 3 ? choices.find((choice) => normalize(choice).startsWith(wanted)) : undefined;
}
