/**
 * Every card action verb. Card JSON under cards/ uses these strings in `Action.Execute`
 * (`verb`) or `Action.Submit` (`data.verb`); a test checks both sides agree.
 */
export const verbs = {
  showHelp: 'help.show',
} as const;

export type Verb = (typeof verbs)[keyof typeof verbs];

export const allVerbs: ReadonlySet<string> = new Set(Object.values(verbs));
