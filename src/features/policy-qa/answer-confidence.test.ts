import { describe, expect, it } from 'vitest';
import { confidenceFeatureNames, confidenceOf, declineThreshold } from './answer-confidence.ts';
import { answerCandidates, rankAnswer } from './answer-question.ts';
import { buildSearchIndex } from './build-search-index.ts';
import { chunkDocument } from './chunk-document.ts';
import { parseQuestion } from './parse-question.ts';

/** An index over one document whose sections are [heading, paragraph] pairs. */
function indexOf(docId: string, title: string, sections: readonly [string, string][]) {
  return buildSearchIndex([
    chunkDocument({
      docId,
      file: `${docId}.md`,
      fallbackTitle: title,
      structure: {
        title,
        blocks: sections.flatMap(([heading, text]) => [
          { kind: 'heading' as const, level: 2, text: heading },
          { kind: 'paragraph' as const, text },
        ]),
      },
    }),
  ]);
}

const index = indexOf('policy', 'Safeguarding policy', [
  ['Training', 'All staff must complete refresher safeguarding training every two years.'],
  [
    'Domestic abuse',
    'Signs include an adult whose partner answers for them at appointments. Raise a concern with a DSL.',
  ],
]);

describe('answer confidence', () => {
  it('uses only scale-free features between 0 and 1', () => {
    const [top] = answerCandidates(index, 'how often do i redo safeguarding training', 1);
    expect(top).toBeDefined();
    for (const name of confidenceFeatureNames) {
      expect(top?.features[name]).toBeGreaterThanOrEqual(0);
      expect(top?.features[name]).toBeLessThanOrEqual(1);
    }
  });

  it('is confident when the passage covers the question and not when its topic word is missing', () => {
    const covered = answerCandidates(index, 'how often is refresher safeguarding training', 1)[0];
    const offTopic = answerCandidates(index, 'what is the mileage allowance for safeguarding training', 1)[0];
    expect(covered?.answer.confidence).toBeGreaterThanOrEqual(declineThreshold);
    expect(offTopic?.features.missingRare ?? 0).toBeGreaterThan(0.5);
    if (!covered || !offTopic) throw new Error('expected candidates for both questions');
    expect(confidenceOf(covered.features)).toBeGreaterThan(confidenceOf(offTopic.features));
  });
});

describe('answer shape', () => {
  it('marks a request for a contact detail the passage does not state, and lowers confidence for it', () => {
    const asked = answerCandidates(index, 'what is the email address for safeguarding training', 1)[0];
    const plain = answerCandidates(index, 'how often is refresher safeguarding training', 1)[0];
    if (!asked || !plain) throw new Error('expected candidates for both questions');
    expect(asked.features.factMissing).toBe(1);
    expect(plain.features.factMissing).toBe(0);
    expect(asked.answer.confidence).toBeLessThan(declineThreshold);
  });

  it('asks "how much money" and "who pays" of a sum: a passage with figures but no sum does not answer them', () => {
    const project = indexOf('advocacy', 'Advocacy', [
      ['School advocacy', 'The school advocacy project supports 54 cases and runs until August 2024.'],
    ]);
    const funded = indexOf('funding', 'Advocacy', [
      ['School advocacy', 'The council pays £12,000 a year towards the school advocacy project.'],
    ]);
    const question = 'how much money do we pay for the school advocacy project each year';
    const unstated = answerCandidates(project, question, 1)[0];
    const stated = answerCandidates(funded, question, 1)[0];
    expect(unstated?.features.factMissing).toBe(1);
    expect(stated?.features.factMissing).toBe(0);
    expect(
      answerCandidates(project, 'who pays for the school advocacy project', 1)[0]?.features.factMissing,
    ).toBe(1);
  });

  it('marks a question for a period, count, share or frequency over a passage that gives none, and lowers confidence for it', () => {
    const records = indexOf('records', 'Record keeping', [
      ['Central record', 'The council keeps a central record of all safeguarding concerns raised by staff.'],
    ]);
    const kept = indexOf('retention', 'Record keeping', [
      ['Central record', 'The council keeps a central record of all safeguarding concerns for 6 years.'],
    ]);
    const asked = answerCandidates(records, 'how long do we keep safeguarding concerns on record', 1)[0];
    const stated = answerCandidates(kept, 'how long do we keep safeguarding concerns on record', 1)[0];
    const how = answerCandidates(records, 'how do we keep a record of safeguarding concerns', 1)[0];
    if (!asked || !stated || !how) throw new Error('expected candidates for all three questions');
    expect(asked.features.shapeMissing).toBe(1);
    expect(stated.features.shapeMissing).toBe(0);
    expect(how.features.shapeMissing).toBe(0);
    expect(asked.answer.confidence).toBeLessThan(stated.answer.confidence - 0.2);
  });

  it('a date does not answer "how soon": the shape is missing', () => {
    const dated = indexOf('cases', 'Self-assessment', [
      ['Casework', 'DSOs triaged every concern logged on MyConcern between January 2022 and October 2022.'],
    ]);
    const timed = indexOf('cases', 'Self-assessment', [
      ['Casework', 'DSOs triage every concern logged on MyConcern within 2 working days.'],
    ]);
    const question = 'how soon do dsos triage a concern logged on myconcern';
    expect(answerCandidates(dated, question, 1)[0]?.features.shapeMissing).toBe(1);
    expect(answerCandidates(timed, question, 1)[0]?.features.shapeMissing).toBe(0);
  });

  it('a number that counts something else does not answer "how many"', () => {
    const survey = indexOf('survey', 'Self-assessment', [
      ['Staff survey', 'The staff questionnaire on counselling and support received 423 responses.'],
    ]);
    const sessions = indexOf('eap', 'Self-assessment', [
      ['Counselling', 'The employee assistance programme offers up to 6 counselling sessions.'],
    ]);
    const question = 'how many counselling sessions can i get';
    const other = answerCandidates(survey, question, 1)[0];
    const counted = answerCandidates(sessions, question, 1)[0];
    if (!other || !counted) throw new Error('expected a candidate in both indexes');
    expect([other.features.countMissing, other.features.counted]).toEqual([1, 0]);
    expect([counted.features.countMissing, counted.features.counted]).toEqual([0, 1]);
    expect(other.answer.confidence).toBeLessThan(declineThreshold);
    expect(counted.answer.confidence).toBeGreaterThan(declineThreshold);
  });

  it('declines a question for a number, an address, a name or a count the best passage does not state, at any threshold', () => {
    const named = indexOf('whistleblowing', 'Whistleblowing', [
      [
        'Outside the council',
        'If you cannot raise it inside the council, contact the NSPCC Whistleblowing Advice Line or the Care Quality Commission.',
      ],
    ]);
    const numbered = indexOf('whistleblowing', 'Whistleblowing', [
      ['Outside the council', 'The NSPCC Whistleblowing Advice Line is on 0800 028 0285.'],
    ]);
    const question = 'phone number for the nspcc whistleblowing line';
    const declined = rankAnswer(named, question, { threshold: 0, candidates: 3 });
    expect(declined.answer).toMatchObject({ kind: 'decline', reason: 'low-confidence', unstated: 'phone' });
    // The passage is still there to be shown as the closest, never as the answer.
    expect(declined.candidates[0]?.answer.quote).toContain('NSPCC Whistleblowing Advice Line');
    expect(rankAnswer(numbered, question, { threshold: 0 }).answer.kind).toBe('answer');

    const sessions = indexOf('eap', 'Support', [
      ['Counselling', 'The employee assistance programme offers counselling sessions to all staff.'],
    ]);
    expect(
      rankAnswer(sessions, 'how many counselling sessions can i get', { threshold: 0 }).answer,
    ).toMatchObject({
      kind: 'decline',
      unstated: 'count',
    });
    const people = indexOf('scrutiny', 'Scrutiny minute', [
      ['Attendance', 'Laura Jones, Safeguarding Coordinator, attended for this item.'],
      ['Roles', 'The safeguarding coordinator publishes the newsletter.'],
    ]);
    expect(
      rankAnswer(people, 'what is the name of the safeguarding coordinator', { threshold: 0 }).answer.kind,
    ).toBe('answer');
    const course = indexOf('training', 'Training', [
      ['Classroom course', 'Frontline staff complete the classroom course and refresh it every 3 years.'],
    ]);
    expect(
      rankAnswer(course, 'how many hours is the classroom course', { threshold: 0 }).answer,
    ).toMatchObject({ kind: 'decline', unstated: 'period' });
    expect(
      rankAnswer(course, 'how many years before i refresh the classroom course', { threshold: 0 }).answer
        .kind,
    ).toBe('answer');
    expect(
      rankAnswer(course, 'how long is the classroom course, is it a full day', { threshold: 0 }).answer,
    ).toMatchObject({ kind: 'decline', unstated: 'period' });
    // A number in the passage is not the number asked for unless its sentence says whose it is.
    const lines = indexOf('contacts', 'Contacts', [
      [
        'Raising concerns',
        'The safeguarding coordinator keeps the register of DSLs. You can also contact the LADO directly on 0300 555 0175.',
      ],
    ]);
    expect(
      rankAnswer(lines, 'is there a phone number for the safeguarding coordinator', { threshold: 0 }).answer,
    ).toMatchObject({ kind: 'decline', unstated: 'phone' });
    expect(rankAnswer(lines, 'what is the phone number for the lado', { threshold: 0 }).answer.kind).toBe(
      'answer',
    );
    // Whose number it is the documents never name at all: no number of theirs is stated.
    expect(rankAnswer(lines, 'childline number?', { threshold: 0 }).answer).toMatchObject({
      kind: 'decline',
      unstated: 'phone',
    });
    // A person of a named team takes a name; "the lead for safeguarding" may be answered by a role.
    const champions = indexOf('roles', 'Roles', [
      ['Champions', 'Each directorate has safeguarding champions who promote good practice in their team.'],
      ['Lead', 'Overall responsibility for safeguarding lies with the Head of Corporate Strategy.'],
    ]);
    expect(
      rankAnswer(champions, "who's the safeguarding champion for the housing team?", { threshold: 0 }).answer,
    ).toMatchObject({ kind: 'decline', unstated: 'name' });
    expect(
      rankAnswer(champions, 'who is the lead for safeguarding at the council', { threshold: 0 }).answer.kind,
    ).toBe('answer');
    // "Who pays" asks who, so a passage that says who is no unstated sum.
    const payer = indexOf('dbs', 'Recruitment', [
      ['DBS checks', 'The council pays for DBS checks for new roles.'],
    ]);
    expect(rankAnswer(payer, 'who pays for my dbs check', { threshold: 0 }).answer.kind).toBe('answer');
    // "What's the budget" asks for a sum; a post "agreed in the budget" is answered without one.
    const budget = indexOf('finance', 'Financial implications', [
      ['Budget', 'In its 2016/17 budget the council agreed a part time Safeguarding Policy Officer post.'],
    ]);
    expect(
      rankAnswer(budget, "whats the council's safeguarding budget", { threshold: 0 }).answer,
    ).toMatchObject({ kind: 'decline', unstated: 'money' });
    expect(
      rankAnswer(budget, 'was the policy officer post in the 16/17 budget part time', { threshold: 0 }).answer
        .kind,
    ).toBe('answer');
  });

  it('declines "how long have I got" and "what is the deadline" when the best passage gives no span or date', () => {
    const starters = indexOf('training', 'Training', [
      ['New starters', 'New starters complete the Safeguarding Essentials e-learning on Northbridge Learn.'],
    ]);
    expect(
      rankAnswer(starters, 'how long have i got to do the safeguarding essentials e-learning', {
        threshold: 0,
      }).answer,
    ).toMatchObject({ kind: 'decline', unstated: 'period' });
    expect(
      rankAnswer(starters, 'whats the deadline for the safeguarding essentials e-learning', { threshold: 0 })
        .answer,
    ).toMatchObject({ kind: 'decline', unstated: 'period' });
    const timed = indexOf('training', 'Training', [
      ['New starters', 'New starters complete the Safeguarding Essentials e-learning within 4 weeks.'],
    ]);
    expect(
      rankAnswer(timed, 'how long have i got to do the safeguarding essentials e-learning', { threshold: 0 })
        .answer.kind,
    ).toBe('answer');
    // A year in the name of an Act is no date a deadline falls on; a month is.
    const duty = indexOf('slavery', 'Modern slavery', [
      [
        'Duty to notify',
        'The council must notify the Home Office under section 52 of the Modern Slavery Act 2015.',
      ],
    ]);
    expect(
      rankAnswer(duty, 'whats the deadline for the duty to notify report to the home office', {
        threshold: 0,
      }).answer,
    ).toMatchObject({ kind: 'decline', unstated: 'period' });
    // Nor is a month something else happened in.
    const survey = indexOf('survey', 'Staff survey', [
      ['Questionnaire', 'The questionnaire about MyConcern was open for two weeks in October 2022.'],
    ]);
    expect(
      rankAnswer(survey, 'is there a deadline for logging a concern on myconcern', { threshold: 0 }).answer,
    ).toMatchObject({ kind: 'decline', unstated: 'period' });
    const dated = indexOf('slavery', 'Modern slavery', [
      [
        'Duty to notify',
        'The council must send the duty to notify report to the Home Office by the end of March.',
      ],
    ]);
    expect(
      rankAnswer(dated, 'whats the deadline for the duty to notify report to the home office', {
        threshold: 0,
      }).answer.kind,
    ).toBe('answer');
  });

  it('declines "how long do we keep X" when the best passage gives a span for something else', () => {
    const lone = indexOf('lone', 'Lone working', [
      [
        'Checking in',
        'Record your visits on the lone working system. If you do not check in within 30 minutes of your expected finish time, your manager will call you.',
      ],
    ]);
    expect(
      rankAnswer(lone, 'how long do we keep lone working check-in records for', { threshold: 0 }).answer,
    ).toMatchObject({ kind: 'decline', unstated: 'period' });
    const kept = indexOf('records', 'Record keeping', [
      ['Retention', 'Lone working check-in records are kept for 6 months and then deleted.'],
    ]);
    expect(
      rankAnswer(kept, 'how long do we keep lone working check-in records for', { threshold: 0 }).answer.kind,
    ).toBe('answer');
  });

  it('answers from the runner-up passage that states the fact the best one lacks, when it is confident', () => {
    const lines = indexOf('whistleblowing', 'Whistleblowing', [
      [
        'Outside the council',
        'If you cannot raise it inside the council, contact the NSPCC Whistleblowing Advice Line. The NSPCC Whistleblowing Advice Line gives free, independent advice on whistleblowing.',
      ],
      ['Contact details', 'Phone the NSPCC advice line on 0800 028 0285 about whistleblowing.'],
    ]);
    const { answer, candidates } = rankAnswer(lines, 'nspcc whistleblowing advice line number?', {
      threshold: 0,
      candidates: 2,
    });
    // The first-ranked passage names the line but gives no number; the one after it does.
    expect(answer).toMatchObject({ kind: 'answer', section: 'Contact details' });
    expect(answer.kind === 'answer' && answer.quote).toContain('0800 028 0285');
    expect(candidates.map((candidate) => candidate.answer.section)).toEqual([
      'Contact details',
      'Outside the council',
    ]);
  });

  it('declines a question naming a service the best passage never mentions, under any of its names', () => {
    const policy = indexOf('policy', 'Safeguarding policy', [
      ['Training', 'Refresher safeguarding training is required every two years.'],
      ['Allegations', 'Allegations against staff are referred to the local authority designated officer.'],
      ['Self-harm', 'If a young person tells you they are hurting themselves, raise a concern the same day.'],
    ]);
    expect(
      rankAnswer(policy, 'does my dbs need redoing every 2 years', { threshold: 0 }).answer,
    ).toMatchObject({ kind: 'decline', reason: 'low-confidence', absentTopic: 'DBS' });
    // Named by its full name in the passage: the acronym in the question is met.
    expect(
      rankAnswer(policy, 'do allegations against staff go to the lado', { threshold: 0 }).answer.kind,
    ).toBe('answer');
    // Whom staff tell is not what they ask about, nor is an everyday word of a group ("cutting").
    expect(
      rankAnswer(policy, 'how often do i redo safeguarding training, my dsl asked', { threshold: 0 }).answer
        .kind,
    ).toBe('answer');
    expect(
      rankAnswer(policy, 'a young person told me she is cutting herself, when do i raise a concern', {
        threshold: 0,
      }).answer.kind,
    ).toBe('answer');
  });

  it('asking what something is called ranks by the name but leaves the model its features', () => {
    // The passage gives no name in quotes: the cue is not met, yet it counts as neither a cue met nor
    // missed, exactly as for the same question without "called".
    const called = answerCandidates(index, 'what is the safeguarding training called', 1)[0];
    const plain = answerCandidates(index, 'what is the safeguarding training', 1)[0];
    if (!called || !plain) throw new Error('expected candidates for both questions');
    expect(called.features.cue).toBe(0);
    expect(called.features.cueMissing).toBe(0);
    expect(called.features).toEqual(plain.features);
  });

  it('marks a topic word the corpus does not know in any form', () => {
    const [top] = answerCandidates(index, 'can i claim mileage for safeguarding training', 1);
    expect(top?.features.unknownRare ?? 0).toBeGreaterThan(0.5);
  });

  it.each([
    [
      'a situation told before the question',
      'her grandson answers for her at appointments. is that domestic abuse?',
      0,
    ],
    ['a situation before a dash', 'her grandson answers for her at appointments - is that domestic abuse', 0],
    ['a situation before a comma', 'her grandson answers for her at appointments, is that domestic abuse', 0],
    ['the word in the question itself', 'her partner answers for her. is that what grandson abuse means?', 1],
    [
      'two questions, the word in the first',
      'can a grandson be abusive? what are the signs of domestic abuse',
      1,
    ],
    ['one part only', 'is a grandson answering for her at appointments domestic abuse', 1],
  ])('counts a word the corpus does not know only where it is asked about: %s', (_, question, expected) => {
    const [top] = answerCandidates(index, question, 1);
    if (expected === 0) expect(top?.features.unknownRare).toBe(0);
    else expect(top?.features.unknownRare ?? 0).toBeGreaterThan(0.5);
  });
});

describe('staff wording', () => {
  it('reads text-speak for people as the policy words for them', () => {
    const parsed = parseQuestion('her husband speaks for her, is that DA', index);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const labels = parsed.question.concepts.map((concept) => concept.label);
    expect(labels).toContain('husband');
    const husband = parsed.question.concepts.find((concept) => concept.label === 'husband');
    expect(husband?.variants.length).toBeGreaterThan(0);
    const [top] = answerCandidates(index, 'her husband speaks for her, is that DA', 1);
    expect(top?.answer.quote).toContain('partner answers for them');
  });
});

describe('a question about what staff must do', () => {
  const reports = indexOf('report', 'Annual safeguarding report', [
    [
      'Information sharing',
      'The council shared information with partner agencies about children and their parents in 40 cases.',
    ],
    [
      'Consent',
      'You do not need a parent’s consent to share information with partner agencies about a child at risk.',
    ],
  ]);
  const features = (question: string, quotePart: string) => {
    const found = answerCandidates(reports, question, 2).find((candidate) =>
      candidate.answer.quote.includes(quotePart),
    );
    if (!found) throw new Error(`no candidate quoting "${quotePart}"`);
    return found.features;
  };

  it('is a mismatch over an account of what happened, and not over a sentence that says what to do', () => {
    const question = 'do i have to get the parents consent to share information with partner agencies';
    expect(features(question, 'in 40 cases').procedureMismatch).toBe(1);
    expect(features(question, 'You do not need').procedureMismatch).toBe(0);
  });

  it.each([
    'anything i should do before sharing information with partner agencies',
    'what we must do before sharing information with partner agencies',
    'should we get the parents consent to share information with partner agencies',
  ])('reads "%s" as asking what to do', (question) => {
    expect(features(question, 'in 40 cases').procedureMismatch).toBe(1);
  });

  it('is no mismatch when the question also asks how often, when, who or how many, or just "can i"', () => {
    for (const question of [
      'how many times do i have to share information with partner agencies',
      'can i share information with partner agencies about parents',
    ])
      expect(features(question, 'in 40 cases').procedureMismatch).toBe(0);
  });
});
