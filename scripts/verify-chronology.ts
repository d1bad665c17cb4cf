import { resolve } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { verifyAllChronologies } from '../src/features/triage/verify-chronologies.ts';
import { openDatabase } from '../src/storage/database.ts';

// `npm run verify:chronology`: checks every concern's hash-chained chronology in the database the
// bot uses (DATABASE_URL, or the embedded one in DATA_DIR; stop the bot first for the embedded one).
const loaded = loadConfig(process.env);
if (!loaded.ok) {
  process.stderr.write(
    `verify:chronology: the configuration is invalid:\n  ${loaded.problems.join('\n  ')}\n`,
  );
  process.exit(2);
}
const config = loaded.config;
const database = await openDatabase(
  config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL }
    : { kind: 'pglite', dataDir: resolve(config.DATA_DIR, 'db') },
);
try {
  const report = await verifyAllChronologies(database.db);
  const first = report.broken[0];
  if (first) {
    process.stdout.write(
      `Chronology BROKEN: ${report.broken.length} of ${report.concerns} concerns fail. First break: ${first.reference} (concern ${first.concernId}) at event ${first.brokenAtEventId}: ${first.reason}.\n`,
    );
    for (const broken of report.broken.slice(1))
      process.stdout.write(
        `  also ${broken.reference} at event ${broken.brokenAtEventId}: ${broken.reason}\n`,
      );
    process.exitCode = 1;
  } else {
    process.stdout.write(
      `Chronology OK: ${report.concerns} concerns, ${report.events} events, every hash chain intact.\n`,
    );
  }
} finally {
  await database.close();
}
