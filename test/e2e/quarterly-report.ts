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
        name: 'typing "report this quarter" gets the report card with its charts as pictures',
        run: async (context) => {
          const coordinator = await context.as('coordinator');
          await coordinator.waitForCard(0, context.timeouts.botReply);
          const before = await coordinator.cardCount();
          await coordinator.sendMessage('report this quarter', context.timeouts.ui);
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
          await context.screenshot('coordinator', 'e2e-quarterly-report-section', section);
        },
      },
    ],
  };
}
