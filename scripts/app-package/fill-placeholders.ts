import { type ManifestProblem, pointerTo } from './manifest-problem.ts';

/** Values for `${{NAME}}` placeholders; `undefined` marks an optional value that was not given. */
export type PlaceholderValues = Readonly<Record<string, string | undefined>>;

export interface FillResult {
  manifest: unknown;
  problems: ManifestProblem[];
}

const placeholder = /\$\{\{([A-Za-z0-9_]+)\}\}/g;
const wholePlaceholder = /^\$\{\{([A-Za-z0-9_]+)\}\}$/;
const omit = Symbol('omit');

/**
 * Replaces `${{NAME}}` in every string of a parsed manifest template. Working on the parsed tree
 * (not the JSON text) means a value can never break the JSON or inject extra properties.
 * An array item that is exactly one placeholder whose value is `undefined` is dropped, so an
 * optional value (BOT_DOMAIN in `validDomains`) can be left out; anywhere else it is a problem.
 */
export function fillPlaceholders(template: unknown, values: PlaceholderValues): FillResult {
  const problems: ManifestProblem[] = [];

  const fillString = (text: string, path: string, inArray: boolean): string | typeof omit => {
    const whole = wholePlaceholder.exec(text);
    if (
      inArray &&
      whole?.[1] !== undefined &&
      Object.hasOwn(values, whole[1]) &&
      values[whole[1]] === undefined
    ) {
      return omit;
    }
    return text.replace(placeholder, (token, name: string) => {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined) {
        problems.push({ path, message: `placeholder ${token} has no value` });
        return token;
      }
      return value;
    });
  };

  const fill = (node: unknown, path: string, inArray: boolean): unknown => {
    if (typeof node === 'string') return fillString(node, path, inArray);
    if (Array.isArray(node)) {
      const items: unknown[] = node;
      return items
        .map((item, index) => fill(item, pointerTo(path, index), true))
        .filter((item) => item !== omit);
    }
    if (typeof node === 'object' && node !== null) {
      const entries: [string, unknown][] = Object.entries(node);
      return Object.fromEntries(
        entries.map(([key, value]) => [key, fill(value, pointerTo(path, key), false)]),
      );
    }
    return node;
  };

  const manifest = fill(template, '', false);
  return { manifest: manifest === omit ? template : manifest, problems };
}
