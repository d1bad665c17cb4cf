import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { generateDemoData } from '../scripts/demo-data/generate-demo-data.ts';
import { publishReport } from '../src/features/reports/publish-report.ts';
import { renderChartPng } from '../src/features/reports/render-chart.ts';
import { collectReportFigures } from '../src/features/reports/report-figures.ts';
import { lastCompleteQuarter } from '../src/features/reports/report-period.ts';
import { type Database, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrations.ts';
import { percentile } from './stats.ts';

const now = new Date('2026-11-24T10:00:00Z');

async function measure(engine: string, database: Database, options: { concerns: number; runs: number }) {
  await migrateToLatest(database.db);
  const seeding = performance.now();
  const made = await generateDemoData(database.db, {
    from: new Date(now.getTime() - 365 * 86_400_000),
    to: now,
    concerns: options.concerns,
    seed: 7,
  });
  const seeded = (performance.now() - seeding) / 1000;
  // What autovacuum (PostgreSQL) or the daily maintenance job (embedded) does after a bulk load.
  await sql`vacuum analyze`.execute(database.db);
  const period = lastCompleteQuarter(now, 'financial');
  const timings: number[] = [];
  let figures: Awaited<ReturnType<typeof collectReportFigures>> | undefined;
  for (let run = 0; run < options.runs; run += 1) {
    const started = performance.now();
    figures = await collectReportFigures(database.db, period, {
      scheme: 'financial',
      now,
      closeTargetDays: 28,
    });
    timings.push(performance.now() - started);
  }
  if (!figures) throw new Error('no runs');
  const publishStarted = performance.now();
  const report = publishReport(figures, { threshold: 5 });
  const publishMs = performance.now() - publishStarted;
  const chartsStarted = performance.now();
  for (const chart of report.charts) await renderChartPng(chart);
  const chartsMs = performance.now() - chartsStarted;
  console.log(
    `report (${engine}): ${made.concerns.toLocaleString('en-GB')} concerns, ${made.events.toLocaleString('en-GB')} chronology events, seeded in ${seeded.toFixed(1)} s; ` +
      `${period.label} holds ${figures.concerns.total.toLocaleString('en-GB')}`,
  );
  console.log(
    `report (${engine}): every figure, ${options.runs} runs: p50 ${percentile(timings, 50).toFixed(0)} ms, max ${Math.max(...timings).toFixed(0)} ms (first ${timings[0]?.toFixed(0)} ms); ` +
      `publishing ${publishMs.toFixed(1)} ms; ${report.charts.length} charts to PNG ${chartsMs.toFixed(0)} ms. Target: figures < 1,000 ms`,
  );
}

/**
 * The quarterly report over a year of 100,000 concerns (about 25,000 in the quarter): every
 * figure, then the published tables and the chart pictures. On the embedded database, and on
 * PostgreSQL too when BENCH_DATABASE_URL names a server (a database is created and dropped).
 */
export async function benchReport(options: { concerns: number; runs: number }): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'sa-bench-report-'));
  const embedded = await openDatabase({ kind: 'pglite', dataDir: folder });
  try {
    await measure('embedded PGlite', embedded, options);
  } finally {
    await embedded.close();
    await rm(folder, { recursive: true, force: true });
  }
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    console.log('report (PostgreSQL): skipped; set BENCH_DATABASE_URL=postgres://... to measure it');
    return;
  }
  const name = `sa_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const server = await openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    await measure('PostgreSQL', server, options);
  } finally {
    await server.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
