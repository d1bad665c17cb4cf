import { describe, expect, it } from 'vitest';
import { splitSentences } from './split-sentences.ts';

describe('splitSentences', () => {
  it('splits on full stops, question marks and exclamation marks followed by a capital', () => {
    expect(splitSentences('Call 999. Then tell a DSL! Why? Because.')).toEqual([
      'Call 999.',
      'Then tell a DSL!',
      'Why?',
      'Because.',
    ]);
  });

  it('does not split after abbreviations or inside numbers', () => {
    expect(splitSentences('Use tools e.g. the Neglect Toolkit. The fee is 2.5 per cent.')).toEqual([
      'Use tools e.g. the Neglect Toolkit.',
      'The fee is 2.5 per cent.',
    ]);
  });

  it('starts a new sentence at an inline bullet', () => {
    expect(splitSentences('We will: • Implement the plan • Review it')).toEqual([
      'We will:',
      '• Implement the plan',
      '• Review it',
    ]);
  });

  it('keeps every character so joined sentences are the original text', () => {
    const text = 'Staff must refresh training every 3 years. DSLs every 2 years (Level 3). “Quoted.” Done.';
    expect(splitSentences(text).join(' ')).toBe(text);
  });
});
