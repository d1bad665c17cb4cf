/**
 * Workplace questions a safeguarding policy does not answer, and who does: staff ask the assistant
 * about pay, leave, passwords and parking as they would ask a colleague. Lexically such a question
 * still finds a passage ("paid" meets "payments", "parking" meets "Parks"), and a confident quote about
 * rent arrears is worse than a plain "I couldn't find that". The topics are the kinds staff ask, not
 * any one document's gaps: a question naming one is declined unless the passage names it too (a
 * policy may well say "never share your password").
 */
export type WorkplaceService = 'HR' | 'IT' | 'facilities';

const workplaceTopics: readonly { service: WorkplaceService; pattern: RegExp }[] = [
  {
    service: 'HR',
    pattern:
      /\b(?:pay ?slips?|pay ?days?|pay dates?|pay rises?|salary|salaries|wages?|payroll|overtime|flexi-? ?time|toil|(?:maternity|paternity|parental) leave|time ?sheets?|get(?:ting)? paid(?! (?:special |compassionate )?leave)|annual leave|sick leave|holiday entitlement|mileage|expense claims?|dress code|working from home|work from home|wfh|hybrid working)\b/i,
  },
  { service: 'IT', pattern: /\b(?:passwords?|wi-?fi|printers?|printing)\b/i },
  {
    service: 'facilities',
    pattern: /\b(?:parking|car park|canteen|fire (?:drill|alarm|evacuation)|desk booking)\b/i,
  },
];

/**
 * Words that make it a safeguarding question whatever else it names: "a man asked a child for her
 * Instagram password" is a concern to raise, not one for the IT service desk.
 */
const safeguardingSignal =
  /\b(?:child|children|kids?|young (?:person|people)|teen\w*|girl|boy|pupil|student|adults? at risk|vulnerable|abus\w*|neglect\w*|groom\w*|harm\w*|hurt\w*|exploit\w*|safeguard\w*|concern\w*|worr\w*|disclos\w*|allegation\w*|dsls?|dsos?|lado|mash|danger\w*|threat\w*|radicali\w*|trafficked|traffick\w*)\b/i;

/** The service a workplace question belongs to, when it names a workplace topic and nothing of safeguarding. */
export function workplaceServiceOf(question: string): WorkplaceService | undefined {
  if (safeguardingSignal.test(question)) return undefined;
  return workplaceTopics.find(({ pattern }) => pattern.test(question))?.service;
}

/** Whether a passage speaks about the workplace topics the question names (then it may answer it). */
export function namesWorkplaceTopicOf(question: string, passage: string): boolean {
  return workplaceTopics.some(({ pattern }) => pattern.test(question) && pattern.test(passage));
}

/** Who to ask instead, for the decline card. */
export const workplaceServiceName: Record<WorkplaceService, string> = {
  HR: 'HR',
  IT: 'the IT service desk',
  facilities: 'facilities',
};
