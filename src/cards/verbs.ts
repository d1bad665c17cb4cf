/**
 * Every card action verb. Card JSON under cards/ uses these strings in `Action.Execute`
 * (`verb`) or `Action.Submit` (`data.verb`); a test checks both sides agree.
 */
export const verbs = {
  showHelp: 'help.show',
  /** Policy Q&A: show the whole section an answer quotes. */
  qaSection: 'qa.section',
  /** Policy Q&A: "was this helpful?" */
  qaFeedback: 'qa.feedback',
  /** Policy Q&A: the asker chose to share an unanswered question with the safeguarding team. */
  qaShare: 'qa.share',
  /** Asks the on-duty DSLs for a conversation (a consultation, not a concern): DSL triage answers it. */
  talkToDsl: 'consult.start',
  /** Opens the raise-a-concern flow; any card (e.g. a Q&A answer) may offer it. */
  startConcern: 'concern.start',
  concernNext: 'concern.next',
  concernBack: 'concern.back',
  concernSave: 'concern.save',
  concernCancel: 'concern.cancel',
  concernDiscard: 'concern.discard',
  concernEdit: 'concern.edit',
  concernSubmit: 'concern.submit',
  concernResume: 'concern.resume',
  myConcerns: 'concern.list',
} as const;

export type Verb = (typeof verbs)[keyof typeof verbs];

export const allVerbs: ReadonlySet<string> = new Set(Object.values(verbs));
