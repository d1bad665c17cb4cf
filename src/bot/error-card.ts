import { z } from 'zod';
import { type AdaptiveCardJson, defineCard } from '../cards/render.ts';
import type { ErrorCode } from '../shared/errors.ts';

export const errorCardTemplate = defineCard(
  'error',
  z.object({ title: z.string(), message: z.string(), supportLine: z.string(), correlationId: z.string() }),
  {
    title: 'Sorry, something went wrong',
    message: 'Nothing was changed.',
    supportLine: 'Contact the IT service desk.',
    correlationId: 'abc12345',
  },
);

const supportLine =
  'If this keeps happening, contact the IT service desk. If you need to raise a safeguarding concern urgently, contact a Designated Safeguarding Lead directly, and if anyone is in immediate danger call 999.';

export function errorCard(code: ErrorCode, message: string, correlationId: string): AdaptiveCardJson {
  const titles: Partial<Record<ErrorCode, string>> = {
    ROLE_FORBIDDEN: 'Restricted',
    VERB_UNKNOWN: 'I did not recognise that button',
    VERB_DATA_INVALID: 'I could not accept that',
  };
  return errorCardTemplate.render({
    title: titles[code] ?? 'Sorry, something went wrong',
    message,
    supportLine,
    correlationId,
  });
}

/** A calm message card for a request the bot will not act on, with no error framing. */
export function politeCard(title: string, message: string): AdaptiveCardJson {
  return errorCardTemplate.render({ title, message, supportLine: '', correlationId: '' });
}
