/**
 * Failure analysis: for each answerable question, where the first correct passage ranks, what ranked
 * first, and the parsed concepts.   node --import tsx bench/qa-eval/diagnose-qa.ts [corpus-name] [--all]
 */
import { join, resolve } from 'node:path';
import { answerCandidates } from '../../src/features/policy-qa/answer-question.ts';
import { buildSearchIndex } from '../../src/features/policy-qa/build-search-index.ts';
import { ingestKnowledgeFolder } from '../../src/features/policy-qa/ingest-knowledge-folder.ts';
import { parseQuestion } from '../../src/features/policy-qa/parse-question.ts';
import { isHit, readQuestionSet } from './question-set.ts';

const root = resolve(import.meta.dirname, '../..');
const which = process.argv[2] ?? 'shared-knowledge';
const all = process.argv.includes('--all');
const dir = which.includes('sample-policy')
  ? join(root, 'knowledge/sample-policy')
  : resolve(root, '../shared/knowledge');
const questions = await readQuestionSet(join(root, `bench/qa-questions/${which}.json`));
const { documents } = await ingestKnowledgeFolder(dir);
const index = buildSearchIndex(documents);
const ranks: number[] = [];
for (const { question, expect } of questions) {
  const cands = answerCandidates(index, question, 60);
  const parsed = parseQuestion(question, index);
  const concepts = parsed.ok
    ? parsed.question.concepts.map((c) => `${c.label}:${c.weight.toFixed(1)}/${c.variants.length}`).join(' ')
    : parsed.reason;
  if (!expect) {
    if (all)
      console.log(
        `[UN] ${question}\n   conf=${cands[0]?.answer.confidence.toFixed(2)} ${JSON.stringify(cands[0]?.features)}`,
      );
    continue;
  }
  const rank = cands.findIndex((c) => isHit(expect, { ...c, quote: c.answer.quote }));
  ranks.push(rank);
  if (rank === 0 && !all) continue;
  const top = cands[0];
  const hit = rank >= 0 ? cands[rank] : undefined;
  console.log(
    `[${rank}] ${question}\n   concepts: ${concepts}\n   want: ${expect.section} :: ${expect.phrase}`,
  );
  console.log(
    `   top: ${top?.headingPath.join(' > ')} :: ${top?.answer.quote.slice(0, 140)} conf=${top?.answer.confidence.toFixed(2)}`,
  );
  if (hit && rank > 0)
    console.log(`   hit: ${hit.headingPath.join(' > ')} :: ${hit.answer.quote.slice(0, 140)}`);
}
const n = ranks.length;
console.log(
  `top1 ${ranks.filter((r) => r === 0).length}/${n} top3 ${ranks.filter((r) => r >= 0 && r < 3).length} top10 ${ranks.filter((r) => r >= 0 && r < 10).length} found ${ranks.filter((r) => r >= 0).length}`,
);
