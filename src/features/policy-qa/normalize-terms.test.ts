import { describe, expect, it } from 'vitest';
import { isStopWord, lemmaOf, spellOutShorthand, termOf, tokenizeWords } from './normalize-terms.ts';

describe('term normalisation', () => {
  it('keeps "community" apart from "communicate", which Porter stems alike', () => {
    expect(termOf('community')).toBe(termOf('communities'));
    expect(termOf('communicated')).toBe(termOf('communication'));
    expect(termOf('community')).not.toBe(termOf('communicated'));
  });

  it('keeps negated auxiliaries whole so they stay stop words, not "won" or "didn"', () => {
    const words = tokenizeWords("he won't agree and didn't say");
    expect(words).toEqual(['he', "won't", 'agree', 'and', "didn't", 'say']);
    expect(words.filter((word) => !isStopWord(word))).toEqual(['agree', 'say']);
  });

  it('reads "B&B" as one word however it is written', () => {
    expect(tokenizeWords('hotels and B&Bs').map(termOf)).toEqual(['hotel', 'and', 'bb']);
    expect(tokenizeWords("B&B's and A&E").map(termOf)).toEqual(['bb', 'and', 'ae']);
  });

  it('reads a "co-" word as one word, as WordNet and most policies spell it', () => {
    expect(tokenizeWords('my co-worker and the co-ordinator').map(termOf)).toEqual(
      tokenizeWords('my coworker and the coordinator').map(termOf),
    );
  });

  it('treats apostrophe-less "someones" and past "knew" as the stop words they come from', () => {
    expect(['someones', 'everyones', 'knew'].every(isStopWord)).toBe(true);
  });

  it('treats "eg", "ie" and "etc" as the stop words they are, not as topics the documents never name', () => {
    const words = tokenizeWords('exploited for labour eg at a car wash, ie cash in hand etc');
    expect(words.filter((word) => !isStopWord(word))).toEqual([
      'exploited',
      'labour',
      'car',
      'wash',
      'cash',
      'hand',
    ]);
  });

  it('drops possessive and contracted endings', () => {
    expect(tokenizeWords("the DSL's view, we're told")).toEqual(['the', 'dsl', 'view', 'we', 'told']);
  });

  it('does not read words ending in "ss" as plurals', () => {
    expect(lemmaOf('pass')).toBe('pass');
    expect(lemmaOf('discuss')).toBe('discuss');
    expect(termOf('passed')).toBe(termOf('pass'));
  });

  it('meets American spellings with the British ones policies use', () => {
    expect(termOf('organization')).toBe(termOf('organisation'));
    expect(termOf('recognize')).toBe(termOf('recognise'));
    expect(termOf('behavior')).toBe(termOf('behaviour'));
    expect(termOf('labor')).toBe(termOf('labour'));
    expect(termOf('counseling')).toBe(termOf('counselling'));
    expect(termOf('program')).toBe(termOf('programme'));
    expect(termOf('offense')).toBe(termOf('offence'));
    expect(termOf('center')).toBe(termOf('centre'));
    expect(termOf('size')).toBe('size');
  });

  it('meets the verb spelling "licensing" and "practise" with the noun forms reports also use', () => {
    expect(termOf('licensing')).toBe(termOf('licencing'));
    expect(termOf('license')).toBe(termOf('licence'));
    expect(termOf('practised')).toBe(termOf('practiced'));
    expect(termOf('practise')).toBe(termOf('practice'));
  });

  it('lemmatises short irregular past tenses, and leaves "bit" and "sat" as typed', () => {
    expect(termOf('led')).toBe(termOf('leading'));
    expect(termOf('met')).toBe(termOf('meets'));
    expect(lemmaOf('bit')).toBe('bit');
    expect(lemmaOf('sat')).toBe('sat');
  });

  it('spells out chat shorthand WordNet does not know, and leaves the words it does know alone', () => {
    expect(spellOutShorthand(tokenizeWords('how many ppl went in the last 3 yrs, asked my mgr b4'))).toEqual([
      'how',
      'many',
      'people',
      'went',
      'in',
      'the',
      'last',
      '3',
      'years',
      'asked',
      'my',
      'manager',
      'before',
    ]);
    // "info" and "pics" have WordNet senses (information, photos) of their own; "hr" is human resources.
    expect(spellOutShorthand(['info', 'pics', 'hr'])).toEqual(['info', 'pics', 'hr']);
  });

  it('reads everyday phrases as the one word a policy uses for them, and drops "right now"', () => {
    expect(
      spellOutShorthand(tokenizeWords('who is helping right now, do i report it straight away')),
    ).toEqual(['who', 'is', 'helping', 'do', 'i', 'report', 'it', 'immediately']);
    expect(spellOutShorthand(['messages', 'on', 'insta'])).toEqual(['messages', 'on', 'instagram']);
    // "Do we always have to hand it over no matter what": sharing, whatever happens.
    expect(spellOutShorthand(tokenizeWords('do we have to hand it over no matter what'))).toEqual([
      'do',
      'we',
      'have',
      'to',
      'share',
    ]);
    expect(spellOutShorthand(['do', 'the', 'champs', 'meet'])).toEqual(['do', 'the', 'champions', 'meet']);
    // "Too minor" is a small matter (a low-level concern); "a minor" is still a child.
    expect(spellOutShorthand(tokenizeWords('is that worth reporting or too minor'))).toEqual([
      'is',
      'that',
      'worth',
      'reporting',
      'or',
      'low',
      'level',
    ]);
    expect(spellOutShorthand(tokenizeWords('sex with a minor'))).toEqual(['sex', 'with', 'a', 'minor']);
    expect(spellOutShorthand(['guidance', 'for', 'mgrs', 'in', 'all', 'depts'])).toEqual([
      'guidance',
      'for',
      'managers',
      'in',
      'all',
      'departments',
    ]);
    expect(spellOutShorthand(tokenizeWords('teams is down'))).toEqual(['teams', 'is', 'not', 'working']);
    expect(spellOutShorthand(tokenizeWords('write it down'))).toEqual(['write', 'it', 'down']);
    // "Supposed to" and "meant to" say what should happen; the topic is the verb after them.
    expect(spellOutShorthand(tokenizeWords('how often is the group supposed to meet'))).toEqual([
      'how',
      'often',
      'is',
      'the',
      'group',
      'meet',
    ]);
    expect(spellOutShorthand(tokenizeWords('what am i meant to do'))).toEqual(['what', 'am', 'i', 'do']);
    expect(spellOutShorthand(tokenizeWords('teams has crashed'))).toEqual(['teams', 'has', 'not', 'working']);
    expect(spellOutShorthand(tokenizeWords('is there one place for it'))).toEqual([
      'is',
      'there',
      'central',
      'for',
      'it',
    ]);
    expect(spellOutShorthand(tokenizeWords("she said don't tell anyone"))).toEqual([
      'she',
      'said',
      'keep',
      'secret',
    ]);
    expect(spellOutShorthand(tokenizeWords('can i promise i wont tell anyone'))).toEqual([
      'can',
      'i',
      'promise',
      'i',
      'keep',
      'secret',
    ]);
  });

  it('reads phrasal verbs as the one word a policy uses, with or without a pronoun in between', () => {
    expect(spellOutShorthand(tokenizeWords('nobody has picked it up'))).toEqual([
      'nobody',
      'has',
      'acknowledge',
    ]);
    expect(spellOutShorthand(tokenizeWords('will i find out what happened'))).toEqual([
      'will',
      'i',
      'told',
      'what',
      'happened',
    ]);
    expect(spellOutShorthand(tokenizeWords('can i walk out of a visit'))).toEqual([
      'can',
      'i',
      'leave',
      'of',
      'a',
      'visit',
    ]);
    expect(spellOutShorthand(tokenizeWords('what needs came up'))).toEqual(['what', 'needs', 'emerging']);
    // Only the verb with its particle: "pick" alone, or "up" after another verb, stays as it is.
    expect(spellOutShorthand(tokenizeWords('pick a training date'))).toEqual([
      'pick',
      'a',
      'training',
      'date',
    ]);
  });

  it('reads "on my concern" as the MyConcern system, and "my concern is" as a worry', () => {
    expect(spellOutShorthand(tokenizeWords('who can see everything logged on my concern'))).toEqual([
      'who',
      'can',
      'see',
      'everything',
      'logged',
      'on',
      'myconcern',
    ]);
    expect(spellOutShorthand(tokenizeWords('my concern is that he is not eating'))).toEqual(
      tokenizeWords('my concern is that he is not eating'),
    );
  });
});
