import { z } from 'zod';
import { defineCard } from '../../cards/render.ts';

const textSchema = z.string().max(2000);

/** The main report card: headline, sentences, charts, and the way to every section. */
export const reportCardTemplate = defineCard(
  'report',
  z.object({
    periodKey: z.string(),
    periodLabel: textSchema,
    previousPeriodKey: z.string(),
    caption: textSchema,
    headline: z
      .array(z.object({ label: textSchema, value: textSchema }))
      .min(1)
      .max(6),
    sentences: z.array(z.object({ text: textSchema })),
    /** Each chart is one card element (Teams' chart, falling back to the rendered image). */
    charts: z.array(z.object({ element: z.looseObject({ type: z.string() }) })),
    sections: z.array(z.object({ id: z.string(), title: textSchema })).min(1),
    periodChoices: z.array(z.object({ title: textSchema, value: z.string() })).min(1),
  }),
  {
    periodKey: '2026-Q3',
    periodLabel: '2026/27 Q2 (July to September 2026)',
    previousPeriodKey: '2026-Q2',
    caption:
      'Produced 1 Oct 2026. Figures under 5 are shown as <5 so that nobody can be identified. Aggregates only: no case is named.',
    headline: [
      { label: 'Concerns', value: '152' },
      { label: 'Children', value: '88' },
      { label: 'Adults at risk', value: '61' },
      { label: 'Closed', value: '140' },
      { label: 'Overdue', value: '<5' },
    ],
    sentences: [
      { text: 'Concerns rose 12% on last quarter (152 against 136).' },
      { text: 'The most common category was neglect (41); Housing raised the most concerns (37).' },
    ],
    charts: [
      {
        element: {
          type: 'Image',
          url: 'https://bot.example.org/report-charts/sample.png',
          altText:
            'Concerns per quarter: Jul-Sep 2025 120, Oct-Dec 2025 131, Jan-Mar 2026 128, Apr-Jun 2026 136, Jul-Sep 2026 152.',
        },
      },
    ],
    sections: [
      { id: 'concerns', title: 'Concerns' },
      { id: 'response', title: 'Response times' },
    ],
    periodChoices: [
      { title: '2026/27 Q2 (July to September 2026)', value: '2026-Q3' },
      { title: '2026/27 Q1 (April to June 2026)', value: '2026-Q2' },
    ],
  },
);

const cellSchema = z.object({ text: textSchema, weight: z.enum(['Default', 'Bolder']) });

/** One section: its tables, and for DSLs the choice of a figure to drill into. */
export const reportSectionCardTemplate = defineCard(
  'report-section',
  z.object({
    periodKey: z.string(),
    periodLabel: textSchema,
    title: textSchema,
    caption: textSchema,
    tables: z.array(
      z.object({
        title: textSchema,
        note: textSchema,
        columns: z.array(z.object({ width: z.number().int().min(1) })).min(1),
        rows: z.array(z.object({ cells: z.array(cellSchema).min(1) })).min(1),
      }),
    ),
    drillChoices: z.array(z.object({ title: textSchema, value: z.string().max(300) })),
  }),
  {
    periodKey: '2026-Q3',
    periodLabel: '2026/27 Q2 (July to September 2026)',
    title: 'Concerns',
    caption: 'Figures under 5 are shown as <5.',
    tables: [
      {
        title: 'Concerns by urgency',
        note: '',
        columns: [{ width: 3 }, { width: 1 }],
        rows: [
          {
            cells: [
              { text: 'Urgency', weight: 'Bolder' },
              { text: 'Concerns', weight: 'Bolder' },
            ],
          },
          {
            cells: [
              { text: 'Urgent', weight: 'Default' },
              { text: '31', weight: 'Default' },
            ],
          },
          {
            cells: [
              { text: 'Immediate danger', weight: 'Default' },
              { text: '<5', weight: 'Default' },
            ],
          },
        ],
      },
    ],
    drillChoices: [{ title: 'Concerns by urgency: Urgent (31)', value: 'urgency:urgent' }],
  },
);

/** The concerns behind a figure, for a DSL: reference, urgency, status and date only. */
export const reportDrillCardTemplate = defineCard(
  'report-drill',
  z.object({
    periodKey: z.string(),
    periodLabel: textSchema,
    section: z.string(),
    figure: textSchema,
    summaryLine: textSchema,
    concerns: z.array(
      z.object({
        concernId: z.string(),
        reference: z.string(),
        urgency: z.string(),
        status: z.string(),
        submitted: z.string(),
      }),
    ),
  }),
  {
    periodKey: '2026-Q3',
    periodLabel: '2026/27 Q2 (July to September 2026)',
    section: 'concerns',
    figure: 'Concerns by urgency: Urgent',
    summaryLine: '31 concerns. Opening this list is recorded in each concern’s chronology.',
    concerns: [
      {
        concernId: '0f6a2d4c-3b1e-4c8a-9d2f-5e6a7b8c9d0e',
        reference: 'SG-2026-00042',
        urgency: 'Urgent',
        status: 'Closed',
        submitted: 'Submitted 14 Aug 2026',
      },
    ],
  },
);

/** The CSV files: where they were written (local mode), or that Teams will ask where to save them. */
export const reportFilesCardTemplate = defineCard(
  'report-files',
  z.object({
    periodKey: z.string(),
    periodLabel: textSchema,
    title: textSchema,
    message: textSchema,
    folder: textSchema,
    files: z.array(z.object({ name: textSchema })),
  }),
  {
    periodKey: '2026-Q3',
    periodLabel: '2026/27 Q2 (July to September 2026)',
    title: 'CSV files written',
    message:
      "One file per table, the same figures as the cards (counts under 5 are shown as <5). They are in this folder on the bot's computer:",
    folder: '/srv/safeguarding/data/exports/safeguarding-report-2026-Q3-2026-10-01T08-00-00-000Z',
    files: [{ name: 'safeguarding-report-2026-Q3-concerns-by-category.csv' }],
  },
);

export const reportCardTemplates = [
  reportCardTemplate,
  reportSectionCardTemplate,
  reportDrillCardTemplate,
  reportFilesCardTemplate,
] as const;
