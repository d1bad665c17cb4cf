import { describe, expect, it } from 'vitest';
import { ageUnstated, detectQuestionCues, sentenceAnswersCue } from './question-cues.ts';

describe('question cues', () => {
  it.each([
    ['whats the MASH email address', 'email'],
    ["what's the LADO's phone number", 'phone'],
    ['whats the out of hours number for childrens social care', 'phone'],
    ['childline number?', 'phone'],
    ['eap number pls', 'phone'],
    ["what's the direct line for the lead dsl", 'phone'],
    ['modern slavery helpline number', 'phone'],
    ['whats the fine if a teacher doesnt report a known fgm case', 'money'],
    ["what's the pass mark for the safeguarding e-learning", 'percentage'],
    ['whats the salary for a DSL post', 'money'],
    ['how much money do we pay asylum welcome for their advocacy service each year', 'money'],
    ['how much are we paying asylum welcome for the advocacy service', 'money'],
    ['who pays for my dbs check if my new role needs one', 'money'],
    ["what's the safeguarding training budget this year", 'money'],
    ["what's the LADO's name", 'name'],
    ["who's the safeguarding champion for the housing team?", 'name'],
    ['who is the prevent lead in community safety', 'role'],
  ] as const)('"%s" asks for a %s', (question, cue) => {
    expect(detectQuestionCues(question)).toContain(cue);
  });

  it.each([
    'is it fine to text a young person about a session',
    'how many staff did the training, whats the total number',
    'what is the case number',
  ])('"%s" asks for no phone number or sum', (question) => {
    const cues = detectQuestionCues(question);
    expect(cues).not.toContain('phone');
    expect(cues).not.toContain('money');
  });

  it('reads "how long is the course" as asking its length in hours or days, not how often it is refreshed', () => {
    const question = 'how long is the safeguarding in practice classroom course, is it a full day';
    expect(detectQuestionCues(question)).toEqual(['period']);
    expect(
      sentenceAnswersCue('Everyone must refresh their training every 3 years.', 'period', question),
    ).toBe(false);
    expect(
      sentenceAnswersCue('Complete the classroom course within your first 6 months.', 'period', question),
    ).toBe(false);
    expect(sentenceAnswersCue('The course is a full day at the civic centre.', 'period', question)).toBe(
      true,
    );
    expect(sentenceAnswersCue('The e-learning takes about 45 minutes.', 'period', question)).toBe(true);
    // How long it stays valid is not its length.
    expect(detectQuestionCues('how long is the classroom course valid for')).not.toContain('period');
  });

  it('reads "what is the pass mark" as answered by the mark, not by any share', () => {
    const question = "what's the pass mark on the safeguarding awareness training";
    expect(
      sentenceAnswersCue('We had 100% attendance at the Training Subgroup.', 'percentage', question),
    ).toBe(false);
    expect(sentenceAnswersCue('The pass mark for the e-learning is 80%.', 'percentage', question)).toBe(true);
    expect(sentenceAnswersCue('We had 100% attendance.', 'percentage', 'what % attended')).toBe(true);
  });

  it('reads "how many hours / days / years" as asking for a number of that unit, which another unit does not answer', () => {
    const question = 'how many hours is the safeguarding in practice classroom course';
    expect(detectQuestionCues(question)).toEqual(['period']);
    expect(
      sentenceAnswersCue('Everyone must refresh their training every 3 years.', 'period', question),
    ).toBe(false);
    expect(sentenceAnswersCue('The course lasts three and a half hours.', 'period', question)).toBe(true);
    const running = 'how many yrs in a row have we been rated best practice';
    expect(detectQuestionCues(running)).toEqual(['period']);
    expect(
      sentenceAnswersCue(
        'The assessment, for the 4th consecutive year, found best practice.',
        'period',
        running,
      ),
    ).toBe(true);
    const reply = 'how many days do we have to reply to a complaint';
    expect(sentenceAnswersCue('Complaints are answered within 10 working days.', 'period', reply)).toBe(true);
    expect(sentenceAnswersCue('Complaints are answered within 10 working days.', 'period', question)).toBe(
      false,
    );
    // The unit asked for outranks "how long": any span would meet that.
    expect(
      detectQuestionCues(
        'how long is the safeguarding essentials e-learning, like how many hours shd i block out',
      ),
    ).toEqual(['period']);
    // "How many times" still asks how often, and a count of things is still a figure.
    expect(detectQuestionCues('how many times a year do we meet')).toContain('frequency');
    expect(detectQuestionCues('how many staff completed the training')).toEqual(['figure']);
  });

  it('asks an age of a passage that states one, which no other number stands in for', () => {
    const question = 'what age is it legal to leave a child home alone';
    expect(
      ageUnstated('The council has a legal duty under section 52 of the Modern Slavery Act 2015.', question),
    ).toBe(true);
    expect(ageUnstated('Youth Ambition run activities for young people aged 11-19.', question)).toBe(false);
    expect(ageUnstated('Records are kept until the child’s 25th birthday.', question)).toBe(false);
    expect(
      ageUnstated('Abuse between 16 and 17 year olds is domestic abuse.', 'how old do they have to be'),
    ).toBe(false);
    // A question that asks no age is never held to one.
    expect(ageUnstated('The council has a legal duty under section 52.', 'what is the duty to notify')).toBe(
      false,
    );
  });

  it('asks for a person only when the question names the team whose person it is', () => {
    expect(detectQuestionCues('who is the dsl for my directorate')).toContain('name');
    expect(detectQuestionCues('who is the lead dsl')).not.toContain('name');
  });

  it('reads a situation held up against the signs ("is that a safeguarding thing") as asking for the signs', () => {
    for (const question of [
      "lady's house is piled with junk and she wont let anyone help, is that a safeguarding thing",
      'her husband always speaks for her at appointments, should i be worried',
      'what are the warning signs of FGM',
      'county lines signs?',
      'cse indicators',
    ])
      expect(detectQuestionCues(question)).toContain('signs');
    expect(detectQuestionCues('do i need to sign the form before the visit')).not.toContain('signs');
    expect(detectQuestionCues('where do i put the signs for the event')).not.toContain('signs');
    expect(sentenceAnswersCue('Signs include unpaid bills despite enough income.', 'signs')).toBe(true);
    expect(sentenceAnswersCue('The council keeps a central record of concerns.', 'signs')).toBe(false);
  });

  it('does not read "my name" in a question about anonymity as asking for a name', () => {
    expect(detectQuestionCues('can i blow the whistle without giving my name')).not.toContain('name');
  });

  it('reads "when" as asking for a time only when it asks ("when is", "when do"), not as "at the time that"', () => {
    expect(detectQuestionCues('when is the safeguarding policy next being reviewed')).toContain('time');
    expect(detectQuestionCues('when do i have to get the online module done by')).toContain('time');
    expect(detectQuestionCues('should i paraphrase when i write up what the child told me')).not.toContain(
      'time',
    );
    expect(detectQuestionCues('what help is there for rough sleepers when its freezing')).not.toContain(
      'time',
    );
  });

  it('reads "who" and "where" as asking only when they ask, not in "staff who work" or "a group where"', () => {
    expect(
      detectQuestionCues('worried a lad is getting into extremist stuff online who do i tell'),
    ).toContain('role');
    expect(detectQuestionCues('once i put it on myconcern who actually picks it up')).toContain('role');
    expect(detectQuestionCues('whos the dsl')).toContain('role');
    expect(detectQuestionCues('marks on a tiny infant who cant crawl yet')).not.toContain('role');
    expect(detectQuestionCues('do staff who work with children need a DBS')).not.toContain('role');
    expect(detectQuestionCues('the bot is down, where else can i send it')).toContain('place');
    expect(detectQuestionCues('is there a group where people give feedback')).not.toContain('place');
  });

  it('"what happens after i log it" wants the next step: a sentence saying what will be done', () => {
    expect(detectQuestionCues("what happens once i've logged a concern")).toContain('process');
    expect(sentenceAnswersCue('A Designated Safeguarding Officer will triage the concern.', 'process')).toBe(
      true,
    );
    expect(sentenceAnswersCue('The council keeps a central record of all concerns.', 'process')).toBe(false);
  });

  it('"how do i report it" wants the way: through what, by calling whom, on which form', () => {
    expect(detectQuestionCues('how do i raise a concern if teams is down')).toContain('method');
    expect(detectQuestionCues('teams is down, how else can i report it')).toContain('method');
    expect(sentenceAnswersCue('Phone a DSL directly or call the duty line.', 'method')).toBe(true);
    expect(sentenceAnswersCue('Concerns are taken seriously.', 'method')).toBe(false);
  });

  it.each([
    ['The DSL acknowledges the concern within 24 hours.', true],
    ['Refer it to the LADO within 1 working day.', true],
    ['Staff must complete it within the first four weeks of starting.', true],
    ['Information shared is recorded in the chronology within the case.', false],
    ['A DSL must acknowledge each concern within the timescales in the procedure.', false],
    ['The board met in May and again on 3 May 2024.', true],
    ['Your notes may be used in court.', false],
    ['The DSL may ask you for more information.', false],
  ])('"within" gives a time only with a span of time, and "may" only as a month: %s', (sentence, answers) => {
    expect(sentenceAnswersCue(sentence, 'time')).toBe(answers);
  });

  it('a phone number answers a phone question but not an email one', () => {
    const sentence = 'The MASH can be contacted on 0300 555 0140 between 8.30am and 5pm.';
    expect(sentenceAnswersCue(sentence, 'phone')).toBe(true);
    expect(sentenceAnswersCue(sentence, 'email')).toBe(false);
    expect(sentenceAnswersCue('Email mash@northbridge.gov.uk.', 'email')).toBe(true);
  });

  it('a question about a share wants a percentage, not any number', () => {
    const cues = detectQuestionCues('what % of staff know how to report a concern');
    expect(cues).toContain('percentage');
    expect(cues).not.toContain('figure');
    expect(detectQuestionCues('what proportion of staff did the training')).toContain('percentage');
    expect(sentenceAnswersCue('100% of staff know how to report safeguarding concerns.', 'percentage')).toBe(
      true,
    );
    expect(sentenceAnswersCue('All new staff must train within six months of joining.', 'percentage')).toBe(
      false,
    );
  });

  it('a year does not answer "how many"; a number in words does', () => {
    expect(sentenceAnswersCue('The champions were appointed in 2021.', 'figure')).toBe(false);
    expect(sentenceAnswersCue('There are 14 champions.', 'figure')).toBe(true);
    expect(sentenceAnswersCue('Around 2,500 staff took part in 2022.', 'figure')).toBe(true);
    expect(sentenceAnswersCue('Four adult death review meetings were attended.', 'figure')).toBe(true);
    expect(sentenceAnswersCue('At least one of them was there.', 'figure')).toBe(false);
    expect(sentenceAnswersCue('Fifteen champions were trained.', 'figure')).toBe(true);
  });

  it('"how soon" asks for a span or a deadline, which a date does not give', () => {
    expect(detectQuestionCues('how soon should a dso get back to me')).toContain('duration');
    expect(detectQuestionCues('how soon should a dso get back to me')).not.toContain('time');
    expect(detectQuestionCues('when was the policy agreed')).not.toContain('duration');
    expect(sentenceAnswersCue('Urgent concerns are acknowledged within 15 minutes.', 'duration')).toBe(true);
    expect(sentenceAnswersCue('193 cases were opened between January 2022 and October.', 'duration')).toBe(
      false,
    );
  });

  it.each([
    'how long have i got to log something on myconcern',
    'how long have new starters got to do the training',
    'how long do i have to confirm ive read it',
    'how long do new starters get to finish the elearning',
    'how long does a dbs check usually take to come back',
    'how long does adult social care take to decide on a s42',
    'how long does the awareness briefing last',
    'is the level 3 course online or face to face, and how long is it?',
    'how long till the dsl decides what happens next',
    'if i dont check in how long before my manager rings me',
  ])('"%s" asks for a deadline or a span', (question) => {
    expect(detectQuestionCues(question)).toContain('duration');
    expect(detectQuestionCues(question)).not.toContain('time');
  });

  it.each([
    'how long do we have to keep safeguarding records for',
    'how long was the staff questionnaire open for',
    'how long is the record kept after a case is closed',
    'how long is a dbs check valid for',
  ])('"%s" asks how long something is kept or was open, which a date can answer', (question) => {
    expect(detectQuestionCues(question)).toContain('time');
    expect(detectQuestionCues(question)).not.toContain('duration');
  });

  it.each([
    "what's the LADO's name",
    'name and contact for the prevent lead pls',
    'can u give me the names of the safeguarding champions in housing',
    "who's the deputy lead dsl at the moment, name pls",
  ])('"%s" asks for a person\'s name', (question) => {
    expect(detectQuestionCues(question)).toContain('name');
  });

  it("the name of a guide or a scheme is its title, not a person's name", () => {
    const question = 'whats the name of the guide for managers on hiring safely';
    expect(detectQuestionCues(question)).toContain('title');
    expect(detectQuestionCues(question)).not.toContain('name');
  });

  it('"what age" and "what ages" ask for a figure', () => {
    expect(detectQuestionCues('what age do you have to be for youth ambition')).toContain('figure');
    expect(detectQuestionCues('what ages can go to youth ambition sessions')).toContain('figure');
    expect(sentenceAnswersCue('activities for young people aged 11-19 or up to 25', 'figure')).toBe(true);
  });

  it('a number the question already gives does not answer it', () => {
    const question = 'how many replies did the 2022 staff safeguarding survey get';
    expect(
      sentenceAnswersCue('The 2022 staff questionnaire asked about reflection.', 'figure', question),
    ).toBe(false);
    expect(sentenceAnswersCue('It ran in October 2022 and received 423 responses.', 'figure', question)).toBe(
      true,
    );
    expect(
      sentenceAnswersCue('93% had completed training in the past 3 years', 'percentage', 'in the last 3 yrs'),
    ).toBe(true);
  });

  it('"what is the EAP called" asks for the name a scheme goes by, which a name in quotes gives', () => {
    for (const question of [
      'whats our EAP called now',
      'what was the staff support scheme called in the 2017 action plan',
      "what's the current employee assistance programme called, the one for support after a case",
      'eap name?',
    ])
      expect(detectQuestionCues(question), question).toContain('title');
    for (const question of ['what happens if i am called as a witness', 'whats the name of the prevent lead'])
      expect(detectQuestionCues(question), question).not.toContain('title');
    expect(sentenceAnswersCue("contact our employee assistance programme 'Health Assured'.", 'title')).toBe(
      true,
    );
    expect(
      sentenceAnswersCue('the Employee Assistance Programme ‘Work Well’ and further support', 'title'),
    ).toBe(true);
    expect(sentenceAnswersCue('a scheme known as Safe Places runs in the city centre', 'title')).toBe(true);
    expect(sentenceAnswersCue("the Manager's Guide is promoted to all staff", 'title')).toBe(false);
    expect(
      sentenceAnswersCue("staff are 'encouraged' to use the employee assistance programme", 'title'),
    ).toBe(false);
  });

  it('a link or opening hours are facts a passage states or does not', () => {
    expect(detectQuestionCues("what's the link to the safeguarding page")).toContain('link');
    expect(detectQuestionCues('what time does the civic centre close on fridays')).toContain('opening-hours');
    expect(detectQuestionCues('what times can you ring the mash')).toContain('opening-hours');
    // Contact details are a phone number or an email address: either one answers.
    expect(detectQuestionCues('lado contact details pls')).toEqual(
      expect.arrayContaining(['phone', 'email']),
    );
    expect(detectQuestionCues('how do i contact the lado')).not.toContain('phone');
    // A topic then "numbers?" or "stats" asks for figures, as "how many" does.
    expect(detectQuestionCues('prevent training numbers?')).toContain('figure');
    expect(detectQuestionCues('myconcern stats')).toContain('figure');
    expect(detectQuestionCues('are the numbers on the intranet')).not.toContain('figure');
    expect(detectQuestionCues('when can i call the lado')).toContain('opening-hours');
    expect(detectQuestionCues('how many times have i done the course')).not.toContain('opening-hours');
    expect(sentenceAnswersCue('The policy is at https://intranet.example/safeguarding.', 'link')).toBe(true);
    expect(sentenceAnswersCue('The policy is easy to find for all staff.', 'link')).toBe(false);
    expect(sentenceAnswersCue('The MASH is open 8.30am to 5pm.', 'opening-hours')).toBe(true);
  });
});
