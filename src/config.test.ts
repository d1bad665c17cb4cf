import { describe, expect, it } from 'vitest';
import { isLocalMode, loadConfig } from './config.ts';

const guid = '33333333-3333-4333-8333-333333333333';

describe('configuration', () => {
  it('runs on embedded defaults with an empty environment: local mode, port 3978, PGlite in ./data', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.PORT).toBe(3978);
    expect(result.config.DATA_DIR).toBe('./data');
    expect(result.config.DATABASE_URL).toBeUndefined();
    expect(result.config.KNOWLEDGE_DIR).toBe('./knowledge/sample-policy');
    expect(isLocalMode(result.config)).toBe(true);
  });

  it('names every bad variable and what it must be, without echoing values', () => {
    const result = loadConfig({
      PORT: 'eighty',
      MicrosoftAppId: 'not-a-guid',
      DATABASE_URL: 'mysql://user:hunter2@db/x',
      DSL_USERS: 'abc, 33333333-3333-4333-8333-333333333333',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    expect(text).toMatch(/^PORT /m);
    expect(text).toMatch(/^MicrosoftAppId must be a GUID/m);
    expect(text).toMatch(/^DATABASE_URL must be a postgres/m);
    expect(text).toMatch(/^DSL_USERS /m);
    expect(text).not.toContain('hunter2');
  });

  it('refuses production without auth, tenant allow-list, PostgreSQL or role groups', () => {
    const result = loadConfig({ NODE_ENV: 'production' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const variables = result.problems.map((problem) => problem.split(' ')[0]);
    expect(variables).toEqual(
      expect.arrayContaining(['MicrosoftAppId', 'ALLOWED_TENANT_IDS', 'DATABASE_URL', 'DSL_GROUP_ID']),
    );
  });

  it('requires the app password with an app id, and never prints the password', () => {
    const missing = loadConfig({ MicrosoftAppId: guid });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.join()).toContain('MicrosoftAppPassword is required');
    const present = loadConfig({ MicrosoftAppId: guid, MicrosoftAppPassword: 's3cret-value' });
    expect(present.ok).toBe(true);
  });

  it('accepts a complete production configuration', () => {
    const result = loadConfig({
      NODE_ENV: 'production',
      MicrosoftAppId: guid,
      MicrosoftAppPassword: 'x',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: guid,
      ALLOWED_TENANT_IDS: guid,
      DATABASE_URL: 'postgres://sa@localhost/sa',
      DSL_GROUP_ID: guid,
      COORDINATOR_GROUP_ID: guid,
    });
    expect(result).toMatchObject({ ok: true });
  });
});
