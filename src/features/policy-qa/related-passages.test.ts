import { describe, expect, it } from 'vitest';
import type { ConfidenceFeatures } from './answer-confidence.ts';
import type { AnswerCandidate } from './answer-question.ts';
import { relatedPassages } from './related-passages.ts';

const noFeatures: ConfidenceFeatures = {
  coverage: 0,
  textCoverage: 0,
  knownShare: 0,
  missingTopic: 0,
  margin: 0,
  cue: 0,
  topicCoverage: 0,
  missingRare: 0,
  cueMissing: 0,
  factMissing: 0,
  unknownRare: 0,
};

function candidate(chunkId: string, confidence: number, section = 'Training'): AnswerCandidate {
  return {
    answer: {
      kind: 'answer',
      quote: `Quote from ${chunkId}.`,
      docTitle: 'Policy',
      section,
      chunkId,
      sectionText: '',
      confidence,
    },
    chunkText: '',
    docId: 'policy',
    headingPath: [section],
    features: noFeatures,
  };
}

describe('related passages beside an answer', () => {
  const main = { chunkId: 'policy#1', confidence: 0.8 };

  it('shows up to two runners-up from other chunks, never the answer again', () => {
    const ranked = [
      candidate('policy#1', 0.8),
      candidate('policy#2', 0.7),
      candidate('policy#3', 0.6),
      candidate('policy#4', 0.6),
    ];
    expect(relatedPassages(ranked, main).map((passage) => passage.quote)).toEqual([
      'Quote from policy#2.',
      'Quote from policy#3.',
    ]);
  });

  it('leaves out passages much less likely than the answer', () => {
    expect(relatedPassages([candidate('policy#1', 0.8), candidate('policy#2', 0.3)], main)).toEqual([]);
  });
});
