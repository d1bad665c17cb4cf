import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  coordinatorUser,
  dslUser,
  executeActivity,
  installActivity,
  messageActivity,
  staffUser,
} from '../kit/activities.ts';
import { BotAuthStandIn } from '../kit/bot-auth-stand-in.ts';
import { cardsIn, cardText } from '../kit/cards.ts';
import { createTestApp, type TestApp } from '../kit/test-app.ts';

let t: TestApp;

async function rowCounts() {
  const refs = await t.app.database.db
    .selectFrom('conversation_refs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const audit = await t.app.database.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { refs: Number(refs.n), audit: Number(audit.n) };
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  t.connector.reset();
});

describe('the walking skeleton, over HTTP through the CloudAdapter', () => {
  it('when a member of staff installs the app, a welcome card for staff arrives through the job queue', async () => {
    const response = await t.post(installActivity({ serviceUrl: t.connector.url, user: staffUser }));
    expect(response.status).toBe(200);
    const calls = await t.connector.waitFor((all) => all.some((call) => call.kind === 'send'));
    const welcome = calls.find((call) => call.kind === 'send');
    const text = cardText(cardsIn(welcome?.activity)[0]);
    expect(text).toContain('Safeguarding Assistant');
    expect(text).toContain('member of staff');
    expect(text).not.toContain('Designated Safeguarding Lead (DSL): concerns');
    expect(welcome?.activity?.summary).toBe('Safeguarding Assistant: what I can do');
  });

  it('an install announced twice (installationUpdate and conversationUpdate, as Teams does) welcomes once', async () => {
    const user = { aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000aa', name: 'Twice' };
    await t.post({
      ...installActivity({ serviceUrl: t.connector.url, user }),
      type: 'installationUpdate',
      action: 'add',
    });
    await t.post(installActivity({ serviceUrl: t.connector.url, user }));
    await t.connector.waitFor((all) => all.some((call) => call.kind === 'send'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(t.connector.calls.filter((call) => call.kind === 'send')).toHaveLength(1);
  });

  it('a DSL is welcomed as a DSL and a coordinator as a coordinator', async () => {
    await t.post(installActivity({ serviceUrl: t.connector.url, user: dslUser }));
    await t.post(installActivity({ serviceUrl: t.connector.url, user: coordinatorUser }));
    const calls = await t.connector.waitFor((all) => all.filter((call) => call.kind === 'send').length >= 2);
    const texts = calls
      .filter((call) => call.kind === 'send')
      .map((call) => cardText(cardsIn(call.activity)[0]));
    expect(texts.some((text) => text.includes('You are a Designated Safeguarding Lead'))).toBe(true);
    expect(texts.some((text) => text.includes('You are a safeguarding coordinator'))).toBe(true);
  });

  it('"help" gets the help card as a reply in the same conversation', async () => {
    const response = await t.post(messageActivity({ serviceUrl: t.connector.url, text: 'help' }));
    expect(response.status).toBe(200);
    const reply = t.connector.calls.find((call) => call.kind === 'reply');
    expect(reply).toBeDefined();
    expect(cardText(cardsIn(reply?.activity)[0])).toContain('Shows this card again');
  });

  it('the "Show this again" button (Action.Execute) answers the invoke with the help card', async () => {
    const response = await t.post(executeActivity({ serviceUrl: t.connector.url, verb: 'help.show' }));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(response.body)).toContain('Safeguarding Assistant');
  });

  it('an unknown card verb gets a typed error card, is audited without content, and changes nothing else', async () => {
    const before = await rowCounts();
    const response = await t.post(
      executeActivity({
        serviceUrl: t.connector.url,
        verb: 'concern.deleteEverything',
        data: { secret: 'x' },
      }),
    );
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).toContain('I did not recognise that button');
    const after = await rowCounts();
    expect(after.refs).toBe(before.refs);
    expect(after.audit).toBe(before.audit + 1);
    const row = await t.app.database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.code).toBe('VERB_UNKNOWN');
    expect(row.subject).toBeNull();
  });

  it('malformed JSON gets 400 and changes nothing', async () => {
    const before = await rowCounts();
    const response = await t.postRaw('{"type": "message", "text": ');
    expect(response.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
    expect(t.connector.calls).toHaveLength(0);
  });

  it('an activity with no `from` gets 400 ACTIVITY_INVALID and no turn runs', async () => {
    const before = await rowCounts();
    const { from: _from, ...activity } = messageActivity({ serviceUrl: t.connector.url, text: 'help' });
    const response = await t.post(activity);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'ACTIVITY_INVALID' } });
    expect(await rowCounts()).toEqual(before);
    expect(t.connector.calls).toHaveLength(0);
  });

  it('a message over 28 KB gets a polite card and nothing is stored from it', async () => {
    const before = await rowCounts();
    const response = await t.post(
      messageActivity({
        serviceUrl: t.connector.url,
        text: 'x'.repeat(29 * 1024),
        user: { aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000ff', name: 'New' },
      }),
    );
    expect(response.status).toBe(200);
    const reply = t.connector.calls.find((call) => call.kind === 'reply');
    expect(cardText(cardsIn(reply?.activity)[0])).toContain('That message is too long');
    expect((await rowCounts()).audit).toBe(before.audit);
  });
});

describe('guards', () => {
  let guarded: TestApp;
  beforeAll(async () => {
    guarded = await createTestApp({ env: { ALLOWED_TENANT_IDS: '22222222-2222-4222-8222-222222222222' } });
  });
  afterAll(async () => {
    await guarded.close();
  });

  it('a tenant that is not allowed gets 403 and no turn runs', async () => {
    const response = await guarded.post(messageActivity({ serviceUrl: guarded.connector.url, text: 'help' }));
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error: { code: 'TENANT_NOT_ALLOWED' } });
    expect(guarded.connector.calls).toHaveLength(0);
  });

  it('the allowed tenant is served', async () => {
    const response = await guarded.post(
      messageActivity({
        serviceUrl: guarded.connector.url,
        text: 'help',
        tenantId: '22222222-2222-4222-8222-222222222222',
      }),
    );
    expect(response.status).toBe(200);
    expect(guarded.connector.calls.some((call) => call.kind === 'reply')).toBe(true);
  });

  it('a channel other than Teams is refused', async () => {
    const response = await guarded.post({
      ...messageActivity({ serviceUrl: guarded.connector.url, text: 'help' }),
      channelId: 'slack',
    });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error: { code: 'CHANNEL_NOT_ALLOWED' } });
  });
});

describe('with Bot Framework auth on', () => {
  let secured: TestApp;
  const issuer = new BotAuthStandIn();
  const appId = '33333333-3333-4333-8333-333333333333';
  beforeAll(async () => {
    await issuer.start();
    secured = await createTestApp({
      env: {
        ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
        MicrosoftAppId: '33333333-3333-4333-8333-333333333333',
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'MultiTenant',
      },
    });
  });
  afterAll(async () => {
    await secured.close();
    await issuer.stop();
  });

  it('a request signed by the channel issuer is accepted and its turn runs', async () => {
    const activity = { ...messageActivity({ serviceUrl: secured.connector.url, text: '' }), type: 'typing' };
    const token = issuer.signChannelToken({ appId, serviceUrl: secured.connector.url });
    const response = await secured.post(activity, { Authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
  });

  it('a token for another bot (wrong audience) gets 401', async () => {
    const token = issuer.signChannelToken({
      appId: '44444444-4444-4444-8444-444444444444',
      serviceUrl: secured.connector.url,
    });
    const response = await secured.post(
      messageActivity({ serviceUrl: secured.connector.url, text: 'help' }),
      {
        Authorization: `Bearer ${token}`,
      },
    );
    expect(response.status).toBe(401);
    expect(secured.connector.calls).toHaveLength(0);
  });

  it('a request without a token gets 401 and no turn runs', async () => {
    const response = await secured.post(messageActivity({ serviceUrl: secured.connector.url, text: 'help' }));
    expect(response.status).toBe(401);
    expect(secured.connector.calls).toHaveLength(0);
  });

  it('a forged (unsigned) token gets 401 and no turn runs', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        iss: 'https://api.botframework.com',
        aud: '33333333-3333-4333-8333-333333333333',
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    ).toString('base64url');
    const response = await secured.post(
      messageActivity({ serviceUrl: secured.connector.url, text: 'help' }),
      {
        Authorization: `Bearer ${header}.${payload}.`,
      },
    );
    expect(response.status).toBe(401);
    expect(secured.connector.calls).toHaveLength(0);
  });
});
