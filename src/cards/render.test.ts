// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as AdaptiveCards from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import { cardCatalogue } from './catalogue.ts';
import { asPlainText } from './render.ts';
import { allVerbs } from './verbs.ts';

// Paths, not URL objects: under happy-dom the global URL is not the one node:fs accepts.
const cardsDir = join(dirname(fileURLToPath(import.meta.url)), '../../cards');
const templateFiles = readdirSync(cardsDir).filter((file) => file.endsWith('.json'));

/** Parses and renders a card with the real Adaptive Cards SDK; returns what it complained about. */
function renderWithSdk(json: unknown): { element: HTMLElement | undefined; problems: string[] } {
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let index = 0; index < context.eventCount; index += 1)
    problems.push(context.getEventAt(index).message);
  for (const event of card.validateProperties().validationEvents) problems.push(event.message);
  return { element: card.render(), problems };
}

function verbsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) verbsIn(child, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'verb' && typeof value === 'string') found.push(value);
      else verbsIn(value, found);
    }
  }
  return found;
}

describe('card templates', () => {
  it('every template under cards/ is defined in the catalogue, and nothing else is', () => {
    const names = templateFiles.map((file) => file.replace(/\.json$/, '')).sort();
    expect(cardCatalogue.map((card) => card.name).sort()).toEqual(names);
  });

  for (const file of templateFiles) {
    const name = file.replace(/\.json$/, '');

    it(`${name}: binds its sample data and renders in the real Adaptive Cards renderer without warnings`, () => {
      const template = cardCatalogue.find((candidate) => candidate.name === name);
      if (!template) throw new Error(`${name} is not in the catalogue`);
      const card = template.renderSample();
      expect(card.version).toBe('1.5');
      expect(JSON.stringify(card)).not.toContain('${');
      const { element, problems } = renderWithSdk(card);
      expect(problems).toEqual([]);
      expect(element?.textContent?.length ?? 0).toBeGreaterThan(0);
      expect(card).toMatchSnapshot();
    });

    it(`${name}: every action verb is in the verb table`, () => {
      const template: unknown = JSON.parse(readFileSync(join(cardsDir, file), 'utf8'));
      for (const verb of verbsIn(template)) {
        if (verb.includes('${')) continue;
        expect(allVerbs.has(verb), `${verb} is not in src/cards/verbs.ts`).toBe(true);
      }
    });
  }

  it('the renderer check is live: a broken card is reported', () => {
    const { problems } = renderWithSdk({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlockk', text: 'x' },
        { type: 'Input.Text', id: 'a' },
        { type: 'Input.Text', id: 'a' },
      ],
    });
    expect(problems.length).toBeGreaterThan(0);
  });

  it('refuses data that does not match the card schema', () => {
    const template = cardCatalogue.find((candidate) => candidate.name === 'error');
    expect(() => template?.render({ title: 'x' } as never)).toThrow();
  });

  it('escapes markdown in text a user typed, so it cannot become a link or emphasis', () => {
    expect(asPlainText('[click](http://evil) **bold** <b>')).toBe(
      '\\[click\\]\\(http://evil\\) \\*\\*bold\\*\\* \\<b\\>',
    );
  });
});
