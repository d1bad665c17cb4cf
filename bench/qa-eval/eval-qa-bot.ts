/**
 * Policy Q&A through the bot, as the hidden check runs it: every question of every file in
 * bench/qa-questions/ is posted as a Teams message activity over HTTP to the bot (`npm start`'s
 * command, KNOWLEDGE_DIR pointed at the file's corpus), and what the bot sends back through the
 * connector stand-in is read as a person sees it: the activity text and every card's text.
 *   npm run eval:qa:bot                 the table
 *   npm run eval:qa:bot -- --blind      also the blind sets' totals
 *   npm run eval:qa:bot -- --verbose    also each development file's questions where the bot's
 *                                       reply and the engine's card (`npm run eval:qa`) disagree
 * A question passes when the reply shows the expected words and is not a decline, or, for an
 * unanswerable question, when it says in plain words that it could not find the answer. The engine's
 * own card measure is worked out beside it, so a difference between what `eval:qa` counts and what
 * the bot really sends (a card that drops a passage, a summary that hides it) shows as disagreement.
 * The blind set of each corpus runs only with `--blind`, and is read as totals only, as in `eval:qa`.
 */
import { existsSync } from 'node:fs';
import { type KnowledgeBase, loadKnowledgeBase } from '../../src/features/policy-qa/knowledge-base.ts';
import { relatedCandidates } from '../../src/features/policy-qa/related-passages.ts';
import { messageActivity } from '../../test/kit/activities.ts';
import { cardsIn, cardText } from '../../test/kit/cards.ts';
import { ConnectorStandIn } from '../../test/kit/connector-stand-in.ts';
import { startBotProcess } from '../bot-process.ts';
import { benchUsers } from '../message-load.ts';
import { blindSetsOf, type QuestionFile, questionFiles } from './question-files.ts';
import { cardShows, isQuoteHit, readQuestionSet } from './question-set.ts';

const verbose = process.argv.includes('--verbose');
const readBlind = process.argv.includes('--blind');
const allFiles = questionFiles({ includeHoldout: true }).filter(
  (file) => existsSync(file.dir) && existsSync(file.questions),
);
const blindSets = blindSetsOf(allFiles);
/** A blind set runs only when asked for, as in `eval:qa`. */
const files = allFiles.filter((file) => readBlind || !blindSets.has(file.name));

/** What a decline says, in the bot's own words (policy-qa-feature.ts). */
const declineWords = /\bI (?:couldn't|could not) find\b|\bI have no policy documents\b|\bI didn't catch\b/i;

interface Row {
  file: string;
  answerable: number;
  unanswerable: number;
  /** Answered (not declined) with the expected words in the reply. */
  shown: number;
  /** The expected words anywhere in the reply, a decline's closest passages included. */
  shownAnywhere: number;
  declined: number;
  falseDeclines: number;
  /** Questions the bot and the engine's own measure (`eval:qa`'s card and declines) judge differently. */
  disagree: number;
}

const connector = await new ConnectorStandIn().start();
const rows: Row[] = [];
let asked = 0;
for (const corpusName of new Set(files.map((file) => file.corpusName))) {
  const corpusFiles = files.filter((file) => file.corpusName === corpusName);
  const dir = corpusFiles[0]?.dir ?? '';
  const { kb } = await loadKnowledgeBase({ dir });
  const bot = await startBotProcess({ env: { KNOWLEDGE_DIR: dir } });
  try {
    for (const file of corpusFiles) rows.push(await askFile(file, bot.url, kb));
  } finally {
    await bot.stop();
  }
}
await connector.stop();
printTable(rows);
if (!readBlind)
  console.log(`blind, not run: ${[...blindSets].join(', ')} (\`-- --blind\` reads their totals)`);

async function askFile(file: QuestionFile, botUrl: string, kb: KnowledgeBase): Promise<Row> {
  const row: Row = {
    file: file.name,
    answerable: 0,
    unanswerable: 0,
    shown: 0,
    shownAnywhere: 0,
    declined: 0,
    falseDeclines: 0,
    disagree: 0,
  };
  const blind = blindSets.has(file.name);
  if (verbose) console.log(blind ? `\n${file.name}: blind, disagreements not shown` : `\n${file.name}:`);
  for (const { question, expect } of await readQuestionSet(file.questions)) {
    const reply = await askBot(botUrl, question);
    const declined = declineWords.test(reply);
    const { answer, candidates } = kb.ask(question, { candidates: relatedCandidates });
    let pass: boolean;
    let enginePass: boolean;
    if (expect === null) {
      row.unanswerable++;
      pass = declined;
      if (declined) row.declined++;
      enginePass = answer.kind === 'decline';
    } else {
      row.answerable++;
      const words = isQuoteHit(expect, reply);
      if (words) row.shownAnywhere++;
      if (declined) row.falseDeclines++;
      pass = words && !declined;
      if (pass) row.shown++;
      enginePass = cardShows(expect, answer, candidates);
    }
    if (pass !== enginePass) {
      row.disagree++;
      if (verbose && !blind)
        console.log(
          `  [${pass ? 'bot only' : 'engine only'}] ${question}\n      want: ${expect?.phrase ?? '(a decline)'}\n      bot: ${reply.replace(/\s+/g, ' ').slice(0, 200)}`,
        );
    }
  }
  return row;
}

/** Posts the question from a new member of staff and returns everything the bot sent back, as read. */
async function askBot(botUrl: string, text: string): Promise<string> {
  const [user] = benchUsers(`qaeval${String(asked++).padStart(4, '0')}`, 1);
  if (!user) throw new Error('no user');
  const activity = messageActivity({ serviceUrl: connector.url, text, user });
  // Questions are asked one at a time: only this one's replies are recorded.
  connector.reset();
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the bot answered a question with HTTP ${response.status}`);
  const conversationId = activity.conversation.id;
  return connector
    .delivered()
    .filter(
      (call) => call.conversationId === conversationId && (call.kind === 'send' || call.kind === 'reply'),
    )
    .flatMap((call) => [
      typeof call.activity?.text === 'string' ? call.activity.text : '',
      ...cardsIn(call.activity).map(cardText),
    ])
    .join('\n');
}

function printTable(table: readonly Row[]): void {
  const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${Math.round((100 * part) / whole)}%`);
  console.log(
    '\nquestion file               n(ans/un)  answered+words  words anywhere  declined(un)  false-decl  pass  disagree-with-eval:qa',
  );
  for (const row of table) {
    const pass = row.shown + row.declined;
    console.log(
      [
        row.file.padEnd(26),
        `${row.answerable}/${row.unanswerable}`.padStart(9),
        pct(row.shown, row.answerable).padStart(14),
        pct(row.shownAnywhere, row.answerable).padStart(14),
        pct(row.declined, row.unanswerable).padStart(12),
        pct(row.falseDeclines, row.answerable).padStart(10),
        pct(pass, row.answerable + row.unanswerable).padStart(4),
        String(row.disagree).padStart(6),
      ].join('  '),
    );
  }
}
