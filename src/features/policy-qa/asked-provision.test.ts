import { describe, expect, it } from 'vitest';
import { askedThingsOf } from './asked-provision.ts';

describe('whether something is provided', () => {
  it.each([
    ['can i get a lone worker alarm or panic button for home visits', ['alarm', 'button']],
    ['do dsls get extra pay or an allowance for doing the role', ['pay', 'allowance']],
    ['does the council pay for a taxi home after a late visit', ['home']],
    ['do i get toil if i have to stay late', ['toil']],
    ['had a really horrible disclosure today, can i get a day off paid for it?', ['day']],
    ['can staff get counselling thru the EAP after a difficult case', ['counselling']],
    // The form or the copy a thing comes in is not the thing.
    ['do we get a body map form', ['map']],
    ['can i get the safeguarding essentials course online', ['course']],
  ])('"%s" asks whether %j are provided', (question, things) => {
    expect(askedThingsOf(question)).toEqual(things);
  });

  it.each([
    'can i get hold of a dsl on a saturday?',
    'do i get told what happened after i report something',
    'do we get anything back each year from commissioned services',
    "can i get the girl's aunt to translate for me",
    'how many eap counselling sessions can i get',
    'can i get a copy of the safeguarding policy',
    // What is told, not handed over: the policy says it in words of its own.
    'do i get feedback after raising a concern',
    'what do i do if i think someone is being trafficked',
  ])('"%s" asks for no thing', (question) => {
    expect(askedThingsOf(question)).toBeUndefined();
  });
});
