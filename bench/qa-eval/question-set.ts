import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { AnswerCandidate } from '../../src/features/policy-qa/answer-question.ts';
import type { QaAnswer } from '../../src/features/policy-qa/knowledge-types.ts';
import { relatedPassages } from '../../src/features/policy-qa/related-passages.ts';

export const questionSetSchema = z.array(
  z.object({
    question: z.string(),
    expect: z.object({ doc: z.string(), section: z.string(), phrase: z.string() }).nullable(),
  }),
);

export type QuestionSet = z.infer<typeof questionSetSchema>;
export type Expectation = NonNullable<QuestionSet[number]['expect']>;

export async function readQuestionSet(path: string): Promise<QuestionSet> {
  return questionSetSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}

/**
 * The words of a text, for matching an expected phrase: lower case, apostrophes dropped, every other
 * mark a space. The phrases were checked against the documents the same way ("(under section 45) to
 * share" holds "under section 45 to share", "Tim Sadler, Executive Director" holds "Tim Sadler
 * Executive Director"), and the check that counts is whether the reply shows the policy's words.
 */
export function normaliseForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/['‘’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A hit: the expected phrase is in the quote or its chunk, or the passage is in the expected section. */
export function isHit(
  expect: Expectation,
  passage: { quote: string; chunkText: string; docId: string; headingPath: string[] },
): boolean {
  const phrase = normaliseForMatch(expect.phrase);
  if (
    normaliseForMatch(passage.quote).includes(phrase) ||
    normaliseForMatch(passage.chunkText).includes(phrase)
  ) {
    return true;
  }
  const section = normaliseForMatch(expect.section);
  // No section named (documents whose headings are bare numbers): only the words count.
  if (section === '') return false;
  return (
    passage.docId.split('/').pop() === expect.doc &&
    passage.headingPath.some((heading) => normaliseForMatch(heading).includes(section))
  );
}

export function isQuoteHit(expect: Expectation, quote: string): boolean {
  return normaliseForMatch(quote).includes(normaliseForMatch(expect.phrase));
}

/** Whether the answer card shows the expected words: its quote, or a related passage beside it. */
export function cardShows(
  expect: Expectation,
  answer: QaAnswer,
  candidates: readonly AnswerCandidate[],
): boolean {
  if (answer.kind !== 'answer') return false;
  const related = relatedPassages(candidates, answer).map((passage) => passage.quote);
  return isQuoteHit(expect, [answer.quote, ...related].join('\n'));
}
