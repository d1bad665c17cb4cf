import type { CardData, CardName } from '../../src/cards/render.ts';

/** Sample data for every card template: the render test fails when a new card has none. */
export const cardFixtures: { [N in CardName]: CardData<N> } = {
  welcome: {
    title: 'Safeguarding Assistant',
    intro: 'I help council staff with safeguarding.',
    roleLine: 'You are signed in as a member of staff.',
    capabilities: [{ name: 'Help', description: 'Shows this card again.', command: 'help' }],
    emergencyLine: 'If someone is in immediate danger, call 999 now.',
  },
  error: {
    title: 'Sorry, something went wrong',
    message: 'Nothing was changed.',
    supportLine: 'Contact the IT service desk.',
    correlationId: 'abc12345',
  },
};
