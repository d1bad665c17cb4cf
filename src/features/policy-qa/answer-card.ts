import { z } from 'zod';
import { type AdaptiveCardJson, asPlainText, defineCard } from '../../cards/render.ts';

/** How much of the question is echoed back on a card (escaped: it is the user's text). */
const echoLength = 200;
/** Adaptive Cards in Teams must stay under about 28 KB; a long section is cut with a note. */
const maxSectionCharacters = 12_000;

export const answerCardTemplate = defineCard(
  'qa-answer',
  z.object({
    quote: z.string(),
    docTitle: z.string(),
    section: z.string(),
    link: z.string(),
    chunkId: z.string(),
    related: z.array(z.object({ quote: z.string(), docTitle: z.string(), section: z.string() })).max(2),
    question: z.string(),
    questionEcho: z.string(),
    dslVerb: z.string(),
    feedbackGiven: z.boolean(),
  }),
  {
    quote: 'Refresher training must be completed every three years.',
    docTitle: 'Safeguarding Policy',
    section: 'Training',
    link: 'https://intranet.northbridge.example/safeguarding/policy',
    chunkId: 'safeguarding-policy#12',
    related: [
      {
        quote: 'DSLs complete advanced training every 2 years.',
        docTitle: 'Safeguarding Policy',
        section: 'Training for DSLs',
      },
    ],
    question: 'how often do i redo training',
    questionEcho: 'how often do i redo training',
    dslVerb: 'consult.start',
    feedbackGiven: false,
  },
);

export const declineCardTemplate = defineCard(
  'qa-decline',
  z.object({
    headline: z.string(),
    explanation: z.string(),
    /** The closest passages of a low-confidence decline, shown as possibly unrelated, never as the answer. */
    nearest: z.array(z.object({ quote: z.string(), docTitle: z.string(), section: z.string() })).max(2),
    questionEcho: z.string(),
    question: z.string(),
    dslVerb: z.string(),
    canShare: z.boolean(),
    shared: z.boolean(),
  }),
  {
    headline: "I couldn't find that in the safeguarding policy documents",
    explanation: 'The policy documents I have do not answer this, so I will not guess.',
    nearest: [],
    questionEcho: 'where do i park',
    question: 'where do i park',
    dslVerb: 'consult.start',
    canShare: true,
    shared: false,
  },
);

export const sectionCardTemplate = defineCard(
  'qa-section',
  z.object({
    docTitle: z.string(),
    section: z.string(),
    link: z.string(),
    paragraphs: z.array(z.object({ text: z.string() })),
    truncated: z.boolean(),
  }),
  {
    docTitle: 'Safeguarding Policy',
    section: 'Training',
    link: '',
    paragraphs: [
      { text: 'All staff complete induction training.' },
      { text: 'Refreshers are every three years.' },
    ],
    truncated: false,
  },
);

export const emergencyCardTemplate = defineCard('qa-emergency', z.object({}), {});

export const policyQaCardTemplates = [
  answerCardTemplate,
  declineCardTemplate,
  sectionCardTemplate,
  emergencyCardTemplate,
];

export function echoOf(question: string): string {
  const trimmed = question.trim().replace(/\s+/g, ' ');
  return asPlainText(trimmed.length > echoLength ? `${trimmed.slice(0, echoLength)}…` : trimmed);
}

export function sectionCard(view: {
  docTitle: string;
  section: string;
  link?: string;
  text: string;
}): AdaptiveCardJson {
  const truncated = view.text.length > maxSectionCharacters;
  const text = truncated ? view.text.slice(0, maxSectionCharacters) : view.text;
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => ({ text: paragraph }));
  return sectionCardTemplate.render({
    docTitle: view.docTitle,
    section: view.section,
    link: view.link ?? '',
    paragraphs,
    truncated,
  });
}
