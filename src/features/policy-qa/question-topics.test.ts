import { describe, expect, it } from 'vitest';
import { questionTopics } from './question-topics.ts';

describe('question topics for the quarterly report', () => {
  it('names the thesaurus topics a question touches, by their short name', () => {
    expect(questionTopics('who is our LADO and when do I call them?')).toEqual(['LADO']);
    expect(questionTopics('Do I need a DBS check to volunteer at the library')).toEqual(['DBS']);
    expect(questionTopics('what do I do about suspected human trafficking')).toEqual(['Modern slavery']);
    expect(questionTopics('how often is safeguarding training')).toEqual(['Training']);
  });

  it('keeps nothing of the question beyond fixed topic names', () => {
    const topics = questionTopics(
      'My neighbour Jane Smith at 4 Elm Road hits her kids, is that domestic violence?',
    );
    expect(topics).toEqual(['Domestic abuse']);
    expect(topics.join(' ')).not.toMatch(/Jane|Smith|Elm/);
  });

  it('finds no topic in a question about nothing it knows', () => {
    expect(questionTopics('what time does the canteen open')).toEqual([]);
    expect(questionTopics('')).toEqual([]);
  });
});
