import { type CategoryCode, categoryCodes, categoryTitle } from '../raise-concern/concern-categories.ts';

/** Short names for report rows and chart axes; a code nobody has named yet is shown as it is. */
const names: Record<string, Record<string, string>> = {
  subject: { child: 'Children', adult: 'Adults at risk', unsure: 'Not sure' },
  urgency: { immediate: 'Immediate danger', urgent: 'Urgent', standard: 'Standard' },
  decision: {
    no_further_action: 'No further action',
    monitor: 'Monitor',
    internal_support: 'Internal support',
    refer: 'Refer',
  },
  agency: {
    mash: "Children's social care (MASH)",
    adult_social_care: 'Adult social care',
    police: 'Police',
    lado: 'LADO',
    prevent: 'Prevent',
    modern_slavery: 'Modern slavery (duty to notify)',
    other: 'Other agency',
  },
  outcome: {
    no_further_action: 'No further action',
    internal_support: 'Internal support',
    referred: 'Referred',
    monitoring_ended: 'Monitoring ended',
    other: 'Other',
    open: 'Still open',
  },
  announcementKind: { newsletter: 'Newsletter', procedure: 'Procedure change', general: 'Announcement' },
};

function isCategoryCode(code: string): code is CategoryCode {
  return (categoryCodes as readonly string[]).includes(code);
}

export type LabelKind = keyof typeof names | 'category';

export function labelFor(kind: LabelKind, code: string): string {
  // A report mixes children and adults: the children's wording is the general one.
  if (kind === 'category') return isCategoryCode(code) ? categoryTitle(code, 'unsure') : code;
  return names[kind]?.[code] ?? code;
}

/** "2026-07" -> "Jul 2026" */
export function monthLabel(month: string): string {
  return new Date(`${month}-15T12:00:00Z`).toLocaleDateString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
