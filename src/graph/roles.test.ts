import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphStandIn } from '../../test/kit/graph-stand-in.ts';
import { createGraphClient } from './graph-client.ts';
import { configRoleDirectory, graphRoleDirectory } from './roles.ts';

const dslGroup = '0d510000-0000-4000-8000-000000000001';
const coordinatorGroup = 'c0000000-0000-4000-8000-000000000001';

describe('roles from configuration (embedded default)', () => {
  it('gives each listed user their roles and everyone else none, ignoring case', async () => {
    const roles = configRoleDirectory({ dsl: ['AAAA-1'], coordinator: ['bbbb-2', 'aaaa-1'] });
    expect([...(await roles.rolesOf('aaaa-1'))].sort()).toEqual(['coordinator', 'dsl']);
    expect([...(await roles.rolesOf('bbbb-2'))]).toEqual(['coordinator']);
    expect((await roles.rolesOf('someone-else')).size).toBe(0);
    expect(await roles.membersOf('dsl')).toEqual(['aaaa-1']);
  });
});

describe('roles from Entra ID groups through the real Graph client', () => {
  const graph = new GraphStandIn();
  let now = new Date('2026-11-24T09:00:00Z');
  const clock = { now: () => now };

  beforeAll(async () => {
    await graph.start();
    graph.groups.set(dslGroup, ['d1', 'd2', 'd3', 'D4']);
    graph.groups.set(coordinatorGroup, ['c1']);
  });
  afterAll(async () => {
    await graph.stop();
  });

  function directory(ttlSeconds = 300) {
    return graphRoleDirectory({
      client: createGraphClient({
        credential: new ClientSecretCredential(graph.tenantId, graph.clientId, graph.clientSecret, {
          authorityHost: graph.url,
          disableInstanceDiscovery: true,
        }),
        baseUrl: graph.url,
      }),
      groups: { dsl: dslGroup, coordinator: coordinatorGroup },
      ttlSeconds,
      clock,
    });
  }

  it('reads transitive members across pages, with the bearer token', async () => {
    const roles = directory();
    expect([...(await roles.rolesOf('d4'))]).toEqual(['dsl']);
    expect([...(await roles.membersOf('dsl'))].sort()).toEqual(['d1', 'd2', 'd3', 'd4']);
    const calls = graph.requests.filter((request) => request.path.includes(dslGroup));
    expect(calls.length).toBe(2);
    expect(calls[0]?.query).toContain('$select=id');
    expect(calls.every((call) => call.authorization === `Bearer ${graph.token}`)).toBe(true);
    expect(graph.tokensIssued).toBeGreaterThanOrEqual(1);
  });

  it('caches membership for the TTL, then refreshes', async () => {
    const roles = directory(60);
    await roles.rolesOf('c1');
    const before = graph.requests.length;
    await roles.rolesOf('c1');
    expect(graph.requests.length).toBe(before);
    graph.groups.set(coordinatorGroup, ['c2']);
    now = new Date(now.getTime() + 61_000);
    expect((await roles.rolesOf('c1')).has('coordinator')).toBe(false);
    expect((await roles.rolesOf('c2')).has('coordinator')).toBe(true);
  });

  it('keeps the last good list when a refresh fails, and fails closed with no list at all', async () => {
    const roles = directory(60);
    expect((await roles.rolesOf('d1')).has('dsl')).toBe(true);
    now = new Date(now.getTime() + 61_000);
    graph.failNext(500, 50);
    expect((await roles.rolesOf('d1')).has('dsl')).toBe(true);
    const cold = directory(60);
    await expect(cold.rolesOf('d1')).rejects.toMatchObject({ code: 'GRAPH_FAILED' });
    graph.failNext(200, 0);
  });
});
