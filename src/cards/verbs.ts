/**
 * Every card action verb. Card JSON under cards/ uses these strings in `Action.Execute`
 * (`verb`) or `Action.Submit` (`data.verb`); a test checks both sides agree.
 */
export const verbs = {
  showHelp: 'help.show',
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
