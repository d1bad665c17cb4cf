import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toCsv } from '../../shared/csv.ts';
import type { PublishedReport, ReportTable } from './publish-report.ts';

/** One CSV per table, the same rows the cards show, small numbers already suppressed. */
export function reportTableCsv(table: ReportTable): string {
  return toCsv(
    table.columns,
    table.rows.map((row) => [row.label, ...row.cells.map((cell) => cell.text)]),
  );
}

/** Every table as a file: `<period>-<table>.csv`. */
export function reportCsvFiles(report: PublishedReport): { name: string; csv: string }[] {
  return report.tables.map((table) => ({
    name: `safeguarding-report-${report.period.key}-${table.id}.csv`,
    csv: reportTableCsv(table),
  }));
}

/**
 * Local mode: the CSV files go to DATA_DIR/exports/<period>-<time>/ and the folder is shown
 * (the Agents Playground has no file upload; Teams gets the files through the consent card).
 */
export async function writeReportCsvFolder(
  dataDir: string,
  report: PublishedReport,
  now: Date,
): Promise<{ folder: string; files: string[] }> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const folder = resolve(dataDir, 'exports', `safeguarding-report-${report.period.key}-${stamp}`);
  await mkdir(folder, { recursive: true });
  const files = reportCsvFiles(report);
  for (const file of files) await writeFile(join(folder, file.name), file.csv, 'utf8');
  return { folder, files: files.map((file) => file.name) };
}
