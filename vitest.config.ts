import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Loopback stand-ins of Graph and Entra ID serve https (their clients refuse http) with a test-only
// self-signed certificate; test workers are forked after this line and trust it.
process.env.NODE_EXTRA_CA_CERTS = fileURLToPath(new URL('./test/kit/tls/stand-in-cert.pem', import.meta.url));

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Each PGlite instance costs hundreds of MB and a second or two of CPU: two workers fit a 2-core CI box.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/kit/global-setup.ts'],
  },
});
