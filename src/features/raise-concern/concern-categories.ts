/**
 * Categories of abuse and neglect offered at step 3, fitted to who the concern is about.
 * Children: Working Together to Safeguard Children 2023 and Keeping Children Safe in Education.
 * Adults: Care Act 2014 statutory guidance (s42 enquiries), chapter 14's ten types, plus
 * exploitation (cuckooing), radicalisation and honour-based abuse, which councils record too.
 * The codes are stored on the concern; the titles and help are only shown.
 */
export const categoryCodes = [
  'physical',
  'emotional',
  'sexual',
  'neglect',
  'self_neglect',
  'domestic_abuse',
  'financial',
  'modern_slavery',
  'discriminatory',
  'organisational',
  'exploitation',
  'radicalisation',
  'fgm_honour_forced_marriage',
  'not_sure',
] as const;

export type CategoryCode = (typeof categoryCodes)[number];

export type Audience = 'child' | 'adult';

export interface CategoryOption {
  code: CategoryCode;
  title: string;
  /** One plain-English line. */
  help: string;
}

type CategoryText = { title: string; help: string };

const categoryText: Record<CategoryCode, Partial<Record<Audience, CategoryText>>> = {
  physical: {
    child: {
      title: 'Physical abuse',
      help: 'Hitting, shaking, burning, poisoning or otherwise hurting a child.',
    },
    adult: {
      title: 'Physical abuse',
      help: 'Hitting, pushing, restraining, misusing medication or other harm.',
    },
  },
  emotional: {
    child: {
      title: 'Emotional abuse',
      help: 'Persistent threats, humiliation, rejection or frightening a child.',
    },
    adult: {
      title: 'Psychological or emotional abuse',
      help: 'Threats, humiliation, controlling, isolating or intimidating someone.',
    },
  },
  sexual: {
    child: {
      title: 'Sexual abuse',
      help: 'Involving a child in sexual activity, in person or online, whether or not they seem to agree.',
    },
    adult: {
      title: 'Sexual abuse',
      help: 'Any sexual act or contact the person did not or could not agree to.',
    },
  },
  neglect: {
    child: {
      title: 'Neglect',
      help: 'Not meeting a child’s basic needs: food, warmth, safety, health care or supervision.',
    },
    adult: {
      title: 'Neglect and acts of omission',
      help: 'Ignoring care needs, or withholding medication, food or heating.',
    },
  },
  self_neglect: {
    adult: {
      title: 'Self-neglect',
      help: 'Not caring for their own hygiene, health or home, including hoarding.',
    },
  },
  domestic_abuse: {
    child: {
      title: 'Domestic abuse',
      help: 'Abuse between family members or partners that the child sees, hears or lives with.',
    },
    adult: {
      title: 'Domestic abuse',
      help: 'Abuse or coercive control by a partner, ex-partner or family member.',
    },
  },
  financial: {
    adult: {
      title: 'Financial or material abuse',
      help: 'Theft, fraud, scams, or pressure about money, property or a will.',
    },
  },
  modern_slavery: {
    child: {
      title: 'Modern slavery or trafficking',
      help: 'A child moved, held or made to work or commit crime for someone else’s gain.',
    },
    adult: {
      title: 'Modern slavery or trafficking',
      help: 'Forced labour, servitude or being moved for exploitation.',
    },
  },
  discriminatory: {
    adult: {
      title: 'Discriminatory abuse',
      help: 'Harassment or unfair treatment because of race, disability, sex, age, religion or sexuality.',
    },
  },
  organisational: {
    adult: {
      title: 'Organisational abuse',
      help: 'Poor care or neglect caused by how a care setting or service is run.',
    },
  },
  exploitation: {
    child: {
      title: 'Exploitation (CSE, CCE, county lines)',
      help: 'A child groomed or pressured into sex, crime or carrying drugs for someone else.',
    },
    adult: {
      title: 'Exploitation (including cuckooing)',
      help: 'Someone taking over the person’s home or using them for crime or sex.',
    },
  },
  radicalisation: {
    child: {
      title: 'Radicalisation (Prevent)',
      help: 'Being drawn into extremist views that support terrorism.',
    },
    adult: {
      title: 'Radicalisation (Prevent)',
      help: 'Being drawn into extremist views that support terrorism.',
    },
  },
  fgm_honour_forced_marriage: {
    child: {
      title: 'FGM, so-called honour-based abuse or forced marriage',
      help: 'Female genital mutilation, abuse to protect “family honour”, or a marriage without free consent.',
    },
    adult: {
      title: 'FGM, so-called honour-based abuse or forced marriage',
      help: 'Female genital mutilation, abuse to protect “family honour”, or a marriage without free consent.',
    },
  },
  not_sure: {
    child: { title: 'Not sure', help: 'Something is wrong but it does not fit a heading: that is fine.' },
    adult: { title: 'Not sure', help: 'Something is wrong but it does not fit a heading: that is fine.' },
  },
};

/** The categories to offer for a subject type; "not sure" offers every category once. */
export function categoriesFor(subjectType: 'child' | 'adult' | 'unsure'): CategoryOption[] {
  return categoryCodes.flatMap((code) => {
    const text =
      subjectType === 'unsure'
        ? (categoryText[code].child ?? categoryText[code].adult)
        : categoryText[code][subjectType];
    return text ? [{ code, ...text }] : [];
  });
}

/** The title shown for a stored category code. */
export function categoryTitle(code: CategoryCode, subjectType: 'child' | 'adult' | 'unsure'): string {
  const text = categoryText[code];
  return (subjectType === 'adult' ? text.adult : text.child)?.title ?? text.adult?.title ?? code;
}
