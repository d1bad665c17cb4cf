import type { Locator } from 'playwright-core';
import { check, type Scenario } from './scenario.ts';

/**
 * The coordinator asks for the report in the Playground: the card arrives with its charts drawn
 * (the Playground does not know Teams' chart elements, so it shows the server-rendered pictures),
 * and a section opens in place of it with no case detail.
 */
export function quarterlyReportScenario(): Scenario {
  let report: Locator | undefined;
  return {
    name: 'quarterly report (coordinator)',
    steps: [
      {
        name: 'typing "report" gets the last quarter (seeded demo data) with its charts as pictures',
        run: async (context) => {
          const coordinator = await context.as('coordinator');
          await coordinator.waitForCard(0, context.timeouts.botReply);
          const before = await coordinator.cardCount();
          await coordinator.sendMessage('report', context.timeouts.ui);
          report = await coordinator.waitForCard(before, context.timeouts.botReply);
          await report
            .getByText('Quarterly safeguarding report', { exact: true })
            .waitFor({ state: 'visible', timeout: context.timeouts.ui });
          await report
            .getByText('What the figures say')
            .waitFor({ state: 'visible', timeout: context.timeouts.ui });
          const chart = report.locator('img[src*="/report-charts/"]').first();
          await chart.waitFor({ state: 'visible', timeout: context.timeouts.ui });
          await chart.evaluate((image: HTMLImageElement) =>
            image.complete && image.naturalWidth > 0
              ? undefined
              : new Promise((resolve, reject) => {
                  image.addEventListener('load', resolve, { once: true });
                  image.addEventListener('error', () => reject(new Error('the chart picture did not load')), {
                    once: true,
                  });
                }),
          );
          const width = await chart.evaluate((image: HTMLImageElement) => image.naturalWidth);
          check(width >= 400, `the chart picture is ${width} px wide`);
          const alt = (await chart.getAttribute('alt')) ?? '';
          check(alt.length > 20, 'the chart picture has alt text');
          await context.screenshot('coordinator', 'e2e-quarterly-report-card', report);
        },
      },
      {
        name: 'a section opens in place of the report, with tables and no way into a case',
        run: async (context) => {
          const coordinator = await context.as('coordinator');
          if (!report) throw new Error('no report card from the step before');
          await coordinator.clickCardButton(report, 'Concerns', context.timeouts.ui);
          const section = coordinator.lastCard();
          await section
            .getByText('Concerns by category (a concern can have more than one)')
            .waitFor({ state: 'visible', timeout: context.timeouts.botReply });
          const text = (await section.innerText()).replace(/\s+/g, ' ');
          check(!/SG-\d{4}-\d{5}/.test(text), 'the section names no concern');
          check(!text.includes('Show the concerns'), 'a coordinator is offered no drill-down');
          check(/Housing/.test(text), 'the departments of the demo data are in the section');
          await context.screenshot('coordinator', 'e2e-quarterly-report-section', section);
        },
      },
      {
        name: 'a DSL drills from a figure to the concerns behind it',
        independent: true,
        run: async (context) => {
          const dsl = await context.as('dsl');
          const before = await dsl.cardCount();
          await dsl.sendMessage('report', context.timeouts.ui);
          const card = await dsl.waitForCard(before, context.timeouts.botReply);
          await dsl.clickCardButton(card, 'Concerns', context.timeouts.ui);
          const section = dsl.lastCard();
          const figure = section.getByRole('combobox');
          await figure.waitFor({ state: 'visible', timeout: context.timeouts.botReply });
          // The Playground draws a compact choice set as a Fluent combobox: open it, then pick.
          await figure.click({ timeout: context.timeouts.ui });
          const neglect = dsl.page.getByRole('option', { name: /: Neglect \(/ }).first();
          await neglect.waitFor({ state: 'visible', timeout: context.timeouts.ui });
          await neglect.click({ timeout: context.timeouts.ui });
          await dsl.clickCardButton(section, 'Show the concerns', context.timeouts.ui);
          const list = dsl.lastCard();
          await list
            .getByText(/Listing them is recorded in each concern/)
            .waitFor({ state: 'visible', timeout: context.timeouts.botReply });
          const text = await list.innerText();
          check(/SG-\d{4}-\d{5}/.test(text), 'the list shows concern references');
          await context.screenshot('dsl', 'e2e-quarterly-report-drill-down', list);
        },
      },
    ],
  };
}
