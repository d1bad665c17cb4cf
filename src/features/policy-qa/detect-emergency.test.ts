import { describe, expect, it } from 'vitest';
import { detectEmergency } from './detect-emergency.ts';

const emergencies = [
  "he's threatening her right now",
  'she said she is going to kill herself tonight',
  "she said she's going to kill herself tonight",
  "there's a child locked in a car",
  'someone has a knife',
  'a man in reception has a knife and is shouting',
  'her partner is hitting her right now',
  'the dad is beating the boy as we speak',
  'he says he is going to hang himself',
  'my client has taken an overdose',
  'the lady upstairs is not breathing',
  'a toddler is trapped in a hot van in the car park',
  'he is threatening to kill his wife',
  "a young girl is in danger, he won't let her leave",
  'please help, someone is attacking a kid outside',
  'there is a man on the bridge saying he will jump off',
  'a resident has collapsed and is unconscious',
  'he has a gun',
  'she is going to kill him tonight',
  'child is in immediate danger at the flat',
  'the 14 year old went missing an hour ago and we think she is with the older men',
  'teenager says he wants to end his life today',
  "she's being attacked right now",
  'what do i do if he is hitting her right now',
  "someone's about to get seriously hurt right now what do i do",
  'someone is about to get badly hurt',
  'the boy is going to get beaten up when he gets home',
  'a man is punching the door and shouting at her as we speak',
];

const notEmergencies = [
  'the dangers of online grooming',
  'what is the policy on self-harm',
  'how do I report a suicide risk',
  'how often do i need to redo safeguarding training',
  'what are the signs of domestic abuse',
  'who is my designated safeguarding lead',
  'what counts as neglect',
  'what does the policy say about knife crime awareness',
  'how should i record a disclosure',
  'is there training on suicide prevention',
  'what happens after i raise a concern',
  'types of abuse in adults',
  'where is the guidance on children missing education',
  'can i share information without consent',
  'what is county lines',
  'how do i spot modern slavery',
  'what is the procedure for allegations against staff',
  'how do i recognise radicalisation',
  'tell me about online safety for kids',
  'what support is there for staff after a difficult case',
  'what if a child tells me a secret',
  'how long do we keep records',
  'what do i do if a child might get hurt at home',
  'the risks of children being hit by their parents',
  'what training is there on knife crime',
  'who do i tell if my colleague is hurting a kid',
];

describe('detectEmergency', () => {
  it.each(emergencies)('treats "%s" as an emergency', (message) => {
    expect(detectEmergency(message)).toBe(true);
  });

  it.each(notEmergencies)('does not treat "%s" as an emergency', (message) => {
    expect(detectEmergency(message)).toBe(false);
  });

  it('does not crash on empty, huge or markup input', () => {
    expect(detectEmergency('')).toBe(false);
    expect(detectEmergency('a'.repeat(20_000))).toBe(false);
    expect(detectEmergency('<script>alert(1)</script>')).toBe(false);
  });
});
