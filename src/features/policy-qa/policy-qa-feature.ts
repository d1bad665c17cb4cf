import { z } from 'zod';
import { verbRoute } from '../../bot/verb-table.ts';
import type { AdaptiveCardJson } from '../../cards/render.ts';
import { verbs } from '../../cards/verbs.ts';
import type { Actor } from '../../shared/actor.ts';
import type { Reply } from '../../shared/reply.ts';
import type { Feature, FeatureContext } from '../feature.ts';
import {
  answerCardTemplate,
  declineCardTemplate,
  echoOf,
  emergencyCardTemplate,
  sectionCard,
} from './answer-card.ts';
import type { AnswerCandidate } from './answer-question.ts';
import { detectEmergency } from './detect-emergency.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import type { AskedFact, DeclineReason, QaAnswer } from './knowledge-types.ts';
import { type WorkplaceService, workplaceServiceName } from './out-of-scope.ts';
import { createOutcomeLog } from './outcome-log.ts';
import { questionTopics } from './question-topics.ts';
import { nearestPassages, relatedCandidates, relatedPassages } from './related-passages.ts';

/** A question longer than this is cut before it is searched or echoed (Teams allows ~28 KB). */
const maxQuestionCharacters = 2_000;

/** The plain words every decline for a question the documents do not answer opens with. */
const notFoundHeadline = "I couldn't find that in the safeguarding policy documents";

const declineWording: Record<DeclineReason, { headline: string; explanation: string }> = {
  'no-match': {
    headline: notFoundHeadline,
    explanation: 'The policy documents I have do not answer this, so I will not guess.',
  },
  'low-confidence': {
    headline: notFoundHeadline,
    explanation:
      'Nothing in the policy documents answers this closely enough for me to quote it, so I will not guess.',
  },
  'no-documents': {
    headline: 'I have no policy documents loaded yet',
    explanation:
      'The safeguarding policy has not been loaded into Safeguarding Assistant yet, so I cannot answer policy questions.',
  },
  'out-of-scope': {
    headline: notFoundHeadline,
    explanation: 'I only answer from the safeguarding policy documents, so I will not guess.',
  },
  'empty-question': {
    headline: "I didn't catch a question there",
    explanation:
      'Ask me about the safeguarding policy in your own words, for example "how often do I need safeguarding training?".',
  },
};

/** The wording of a decline; a workplace question's also says who answers such questions. */
function declineWordingOf(
  reason: DeclineReason,
  service: WorkplaceService | undefined,
): { headline: string; explanation: string } {
  const wording = declineWording[reason];
  if (!service) return wording;
  return {
    headline: wording.headline,
    explanation: `That sounds like a question for ${workplaceServiceName[service]}: ${wording.explanation}`,
  };
}

/** What the bot looks up in the policy after the 999 card, and what that passage must say to be shown. */
const immediateDangerQuestion = 'what do i do if someone is in immediate danger';
const immediateDangerPassage = /\b999\b|\bimmediate danger\b|\bemergency services\b/i;

/** What a decline for an unstated fact says the documents do not give. */
const unstatedWording: Record<Exclude<AskedFact, 'holder' | 'provision'>, string> = {
  phone: 'a phone number',
  email: 'an email address',
  link: 'a web link',
  'opening-hours': 'opening hours',
  name: "a person's name",
  age: 'an age',
  money: 'an amount',
  count: 'that number',
  percentage: 'that figure',
  period: 'that figure',
};

/** What a decline says for the facts that are not a thing the documents give. */
const unstatedSentences: Record<'holder' | 'provision', string> = {
  holder: 'They do not say who holds that post, so I will not guess who.',
  provision: 'They do not mention what you asked for, so I will not guess whether it is offered.',
};

/** The decline for a fact the documents do not state: says which, and never guesses one. */
function unstatedFactWording(
  fact: AskedFact,
  withPassages: boolean,
): { headline: string; explanation: string } {
  return {
    headline: notFoundHeadline,
    explanation: `${
      fact === 'holder' || fact === 'provision'
        ? unstatedSentences[fact]
        : `They do not give ${unstatedWording[fact]} for this, so I will not guess one.`
    } ${
      withPassages ? 'The passages below are the closest they come: check with a DSL.' : 'A DSL can help.'
    }`,
  };
}

/**
 * Which rule declined a question, as a fixed word (never the question's own): 'unstated-phone',
 * 'absent-topic' (the service itself is left out: the topics column already holds the question's
 * thesaurus topics), else the decline reason.
 */
function outcomeReasonOf(result: Extract<QaAnswer, { kind: 'decline' }>): string {
  if (result.unstated) return `unstated-${result.unstated}`;
  return result.absentTopic ? 'absent-topic' : result.reason;
}

/** The decline for a service or scheme the closest passages never mention: says which. */
function absentTopicWording(topic: string, withPassages: boolean): { headline: string; explanation: string } {
  return {
    headline: notFoundHeadline,
    explanation: `The passages closest to your question do not mention ${topic}, so I will not quote them as the answer. ${
      withPassages ? 'They are below: check with a DSL.' : 'A DSL can help.'
    }`,
  };
}

/** A low-confidence decline that shows the closest passages: still a plain "I couldn't find". */
const nearMissWording = {
  headline: "I couldn't find a clear answer to that in the safeguarding policy documents",
  explanation:
    'Nothing in the policy documents answers this closely enough for me to quote it as the answer. Check with a DSL before relying on the passages below.',
};

export interface PolicyQaOptions {
  kb: KnowledgeBase;
  /** The verb of the "Talk to a DSL" button, when that capability is on; empty hides the button. */
  dslVerb: () => string;
}

/**
 * Policy Q&A: free text is answered from the policy documents with a verbatim quote and its
 * source, or declined plainly. A message that suggests immediate danger gets the 999 card first.
 */
export function policyQaFeature(context: FeatureContext, options: PolicyQaOptions): Feature {
  const { kb } = options;

  const outcomes = createOutcomeLog({ db: context.db, logger: context.logger });
  const recordOutcome = (row: {
    outcome: 'answered' | 'declined' | 'emergency';
    reason?: string;
    docTitle?: string;
    section?: string;
    confidence?: number;
    /** Thesaurus topic names only (question-topics.ts), for the quarterly report. */
    topics: string[];
  }): void => {
    outcomes.record({
      at: context.clock.now(),
      outcome: row.outcome,
      reason: row.reason ?? null,
      doc_title: row.docTitle ?? null,
      section: row.section ?? null,
      confidence: row.confidence ?? null,
      topics: row.topics,
    });
  };

  /**
   * The answer the bot gives a message: after the 999 card, the policy's own passage on immediate
   * danger when it has one ("call 999 first, then tell a DSL"), rather than whatever the frightened
   * wording happens to match; otherwise, and for every other message, the message's own answer.
   */
  function askAsTheBot(
    question: string,
    emergency = detectEmergency(question),
  ): ReturnType<KnowledgeBase['ask']> {
    if (emergency) {
      const policy = kb.ask(immediateDangerQuestion, { candidates: relatedCandidates });
      if (policy.answer.kind === 'answer' && immediateDangerPassage.test(policy.answer.quote)) return policy;
    }
    return kb.ask(question, { candidates: relatedCandidates });
  }

  /**
   * The decline card for a question: plain "I couldn't find", with the closest passages when it was a
   * near miss. After the question is shared it offers no second share.
   */
  function declineCard(
    result: QaAnswer,
    candidates: readonly AnswerCandidate[],
    question: string,
    shared: boolean,
  ): { card: AdaptiveCardJson; headline: string } {
    // A shared question always reads as not found (its author saw it declined), with the echo.
    const reason = result.kind === 'decline' && !shared ? result.reason : 'no-match';
    const nearest = nearestPassages(result, candidates);
    const service = result.kind === 'decline' && reason === 'out-of-scope' ? result.service : undefined;
    const unstated = result.kind === 'decline' && !shared ? result.unstated : undefined;
    const absentTopic = result.kind === 'decline' && !shared ? result.absentTopic : undefined;
    const wording = unstated
      ? unstatedFactWording(unstated, nearest.length > 0)
      : absentTopic
        ? absentTopicWording(absentTopic, nearest.length > 0)
        : nearest.length > 0
          ? nearMissWording
          : declineWordingOf(reason, service);
    const card = declineCardTemplate.render({
      ...wording,
      nearest,
      questionEcho: reason === 'empty-question' ? '' : echoOf(question),
      question,
      dslVerb: options.dslVerb(),
      canShare: !shared && (reason === 'no-match' || reason === 'low-confidence'),
      shared,
    });
    return { card, headline: wording.headline };
  }

  async function answer(_actor: Actor, rawText: string, reply: Reply): Promise<boolean> {
    const question = rawText.slice(0, maxQuestionCharacters);
    if (question.trim() === '') return false;

    const topics = questionTopics(question);
    const emergency = detectEmergency(question);
    if (emergency) {
      await reply.card(emergencyCardTemplate.render({}), 'If someone is in immediate danger, call 999 now');
      recordOutcome({ outcome: 'emergency', topics });
    }

    const { answer: result, candidates } = askAsTheBot(question, emergency);
    if (result.kind === 'answer') {
      await reply.card(
        answerCardTemplate.render({
          quote: result.quote,
          docTitle: result.docTitle,
          section: result.section,
          link: result.link ?? '',
          chunkId: result.chunkId,
          related: relatedPassages(candidates, result),
          question,
          questionEcho: echoOf(question),
          dslVerb: options.dslVerb(),
          feedbackGiven: false,
        }),
        `From the safeguarding policy: ${result.section}`,
      );
      recordOutcome({
        outcome: 'answered',
        docTitle: result.docTitle,
        section: result.section,
        confidence: result.confidence,
        topics,
      });
      return true;
    }
    // After the 999 card, a "could not find that" would only add noise.
    if (emergency) return true;
    const decline = declineCard(result, candidates, question, false);
    await reply.card(decline.card, decline.headline);
    recordOutcome({
      outcome: 'declined',
      reason: outcomeReasonOf(result),
      ...(result.confidence !== undefined ? { confidence: result.confidence } : {}),
      topics,
    });
    return true;
  }

  return {
    name: 'policy-qa',
    capabilities: [
      {
        name: 'Ask about the safeguarding policy',
        description:
          'Ask in your own words; I quote the policy and say where it comes from, or tell you plainly when it does not say.',
        command: 'any question, e.g. "how often do I need safeguarding training?"',
      },
    ],
    handleText: answer,
    // Stopping only has the waiting outcome rows to write.
    flush: outcomes.flush,
    stop: outcomes.flush,
    verbs: [
      verbRoute({
        verb: verbs.qaSection,
        schema: z.object({ chunkId: z.string().min(1).max(300) }),
        async handle(_actor, data) {
          const view = kb.section(data.chunkId);
          if (!view) {
            return { message: 'That part of the policy has changed since this answer. Please ask again.' };
          }
          return { card: sectionCard(view) };
        },
      }),
      verbRoute({
        verb: verbs.qaFeedback,
        schema: z.object({
          chunkId: z.string().min(1).max(300),
          helpful: z.boolean(),
          question: z.string().max(maxQuestionCharacters),
        }),
        async handle(_actor, data) {
          const view = kb.section(data.chunkId);
          await context.db
            .insertInto('qa_feedback')
            .values({
              at: context.clock.now(),
              chunk_id: data.chunkId,
              doc_title: view?.docTitle ?? '',
              section: view?.section ?? '',
              helpful: data.helpful,
            })
            .execute();
          const { answer: again, candidates } = askAsTheBot(data.question);
          if (again.kind !== 'answer' || again.chunkId !== data.chunkId) {
            return { message: 'Thank you: your feedback helps the safeguarding team improve the policy.' };
          }
          return {
            card: answerCardTemplate.render({
              quote: again.quote,
              docTitle: again.docTitle,
              section: again.section,
              link: again.link ?? '',
              chunkId: again.chunkId,
              related: relatedPassages(candidates, again),
              question: data.question,
              questionEcho: echoOf(data.question),
              dslVerb: options.dslVerb(),
              feedbackGiven: true,
            }),
          };
        },
      }),
      verbRoute({
        verb: verbs.qaShare,
        schema: z.object({ question: z.string().trim().min(1).max(maxQuestionCharacters) }),
        async handle(_actor, data) {
          // The asker pressed "share": the only way question text is kept (UK GDPR: consent, minimal).
          await context.db
            .insertInto('qa_shared_questions')
            .values({ at: context.clock.now(), question: data.question })
            .execute();
          // Asked again so the card keeps the closest passages it showed before the question was shared.
          const { answer: again, candidates } = askAsTheBot(data.question);
          return { card: declineCard(again, candidates, data.question, true).card };
        },
      }),
    ],
  };
}
