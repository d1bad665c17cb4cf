import { describe, expect, it } from 'vitest';
import { detectQuestionCues, sentenceAnswersCue } from './question-cues.ts';

describe('question cues', () => {
  it.each([
    ['whats the MASH email address', 'email'],
    ["what's the LADO's phone number", 'phone'],
    ['whats the out of hours number for childrens social care', 'phone'],
    ['whats the salary for a DSL post', 'money'],
    ["what's the LADO's name", 'name'],
  ] as const)('"%s" asks for a %s', (question, cue) => {
    expect(detectQuestionCues(question)).toContain(cue);
  });

  it('does not read "my name" in a question about anonymity as asking for a name', () => {
    expect(detectQuestionCues('can i blow the whistle without giving my name')).not.toContain('name');
  });

  it('a phone number answers a phone question but not an email one', () => {
    const sentence = 'The MASH can be contacted on 0300 555 0140 between 8.30am and 5pm.';
    expect(sentenceAnswersCue(sentence, 'phone')).toBe(true);
    expect(sentenceAnswersCue(sentence, 'email')).toBe(false);
    expect(sentenceAnswersCue('Email mash@northbridge.gov.uk.', 'email')).toBe(true);
  });
});
