import { describe, expect, it } from 'vitest';
import { parseDocument } from './ingest-knowledge-folder.ts';
import { knowledgeBaseFromDocuments } from './knowledge-base.ts';
import { namesWorkplaceTopicOf, workplaceServiceOf } from './out-of-scope.ts';

describe('workplace questions a safeguarding policy does not answer', () => {
  it('names the service for pay, leave, IT and building questions, and none for safeguarding ones', () => {
    expect(workplaceServiceOf('who do i speak to about my payslip')).toBe('HR');
    expect(workplaceServiceOf('how many days annual leave do new starters get')).toBe('HR');
    expect(workplaceServiceOf('how do i reset my laptop password')).toBe('IT');
    expect(workplaceServiceOf('where do i get a parking permit')).toBe('facilities');
    expect(workplaceServiceOf("whats the council's policy on working from home")).toBe('HR');
    expect(workplaceServiceOf("when's payday this month")).toBe('HR');
    expect(workplaceServiceOf('how much flexi time can i carry over')).toBe('HR');
    expect(workplaceServiceOf('how long is paternity leave')).toBe('HR');
    expect(workplaceServiceOf('do i have to pay for my own DBS check')).toBeUndefined();
    // Paid special leave after a distressing case is support for staff, which the policy covers.
    expect(workplaceServiceOf('can i get paid special leave')).toBeUndefined();
    expect(workplaceServiceOf('do i still get paid if im off sick')).toBe('HR');
    expect(workplaceServiceOf('can a child be left at home while mum is on leave')).toBeUndefined();
    expect(workplaceServiceOf('is financial abuse taking someone’s pension')).toBeUndefined();
    // A safeguarding question that happens to name a workplace topic stays a safeguarding question.
    expect(workplaceServiceOf('a colleague asked a child for her instagram password')).toBeUndefined();
    expect(workplaceServiceOf('im worried about a man hanging round the car park')).toBeUndefined();
  });

  it('lets a passage that speaks to the topic answer it', () => {
    expect(namesWorkplaceTopicOf('can i share my password', 'Never share your password with anyone.')).toBe(
      true,
    );
    expect(namesWorkplaceTopicOf('when do we get paid', 'Payments are made monthly.')).toBe(false);
  });

  it('declines a workplace question over a policy that only matches its words loosely, and answers one it covers', () => {
    const kb = knowledgeBaseFromDocuments([
      parseDocument(
        'policy.md',
        '# Safeguarding policy\n\n## Payments\n\nRent payments to the council are due each month.\n\n## Online safety\n\nNever share your password with a young person or let them use your account.\n',
      ),
    ]);
    expect(kb.answer('when do we get paid this month')).toMatchObject({
      kind: 'decline',
      reason: 'out-of-scope',
      service: 'HR',
    });
    expect(kb.answer('can i share my password with a young person')).toMatchObject({ kind: 'answer' });
  });
});
