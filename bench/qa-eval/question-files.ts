import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** The folders the question files ask about. */
export const corpusDirs: Record<string, string> = {
  'sample-policy': join(root, 'knowledge/sample-policy'),
  'shared-knowledge': resolve(root, '../shared/knowledge'),
};

export interface QuestionFile {
  /** The file's name without `.json`. */
  name: string;
  corpusName: string;
  dir: string;
  questions: string;
  holdout: boolean;
}

/**
 * Every question file in bench/qa-questions/: `<corpus>.json`, `holdout-<corpus>.json` and
 * `holdout-<corpus>-N.json` all run against that corpus.
 */
export function questionFiles(options: { includeHoldout: boolean }): QuestionFile[] {
  const questionDir = join(root, 'bench/qa-questions');
  return readdirSync(questionDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const name = file.replace(/\.json$/, '');
      const holdout = name.startsWith('holdout-');
      const corpusName = holdout ? name.slice('holdout-'.length).replace(/-\d+$/, '') : name;
      const dir = corpusDirs[corpusName];
      if (!dir || (holdout && !options.includeHoldout)) return [];
      return [{ name, corpusName, dir, questions: join(questionDir, file), holdout }];
    });
}

/**
 * The newest hold-out of each corpus (`holdout-<corpus>-N.json` with the highest N) is the blind one:
 * it never feeds the calibration and is read only as totals. Older hold-outs have been seen as totals
 * in earlier rounds; once a newer blind set replaces them they join the working sets as calibration data.
 */
export function blindSetsOf(files: readonly QuestionFile[]): Set<string> {
  return new Set(
    [...new Set(files.map((file) => file.corpusName))].flatMap((corpusName) => {
      const holdouts = files.filter((file) => file.holdout && file.corpusName === corpusName);
      const number = (name: string): number => Number(/-(\d+)$/.exec(name)?.[1] ?? 1);
      const newest = holdouts.sort((a, b) => number(b.name) - number(a.name))[0];
      return newest ? [newest.name] : [];
    }),
  );
}
