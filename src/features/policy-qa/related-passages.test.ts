import { describe, expect, it } from 'vitest';
import type { ConfidenceFeatures } from './answer-confidence.ts';
import type { AnswerCandidate } from './answer-question.ts';
import { nearestPassages, relatedPassages } from './related-passages.ts';

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
  procedureMismatch: 0,
  shapeMissing: 0,
  countMissing: 0,
  counted: 0,
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

describe('closest passages on a low-confidence decline', () => {
  const ranked = [candidate('policy#1', 0.15), candidate('policy#2', 0.12), candidate('policy#3', 0.05)];

  it('shows those at least half as confident as the threshold the answer fell below', () => {
    const decline = { kind: 'decline', reason: 'low-confidence', confidence: 0.15, threshold: 0.2 } as const;
    expect(nearestPassages(decline, ranked).map((passage) => passage.quote)).toEqual([
      'Quote from policy#1.',
      'Quote from policy#2.',
    ]);
    expect(nearestPassages({ ...decline, threshold: 0.38 }, ranked)).toEqual([]);
  });

  it('shows none for any other kind of decline', () => {
    expect(nearestPassages({ kind: 'decline', reason: 'out-of-scope', confidence: 0.15 }, ranked)).toEqual(
      [],
    );
  });
});
