import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePostgresSkip, testEngines } from '../../test/kit/test-database.ts';
import { conversationRefs } from './conversation-refs.ts';
import type { Database } from './database.ts';

const skipped = describePostgresSkip();
if (skipped) it.skip(skipped, () => undefined);

for (const engine of testEngines()) {
  describe(`conversation references on ${engine.name}`, () => {
    let database: Database;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ database, dispose } = await engine.open());
    });
    afterAll(async () => {
      await dispose();
    });

    const personal = {
      bot: { id: '28:bot' },
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/uk/',
      conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't1' },
      user: { id: '29:u', aadObjectId: 'user-1' },
    };

    it('stores a 1:1 chat by the user object id and finds it again', async () => {
      const refs = conversationRefs(database.db);
      await refs.save(personal, 'user-1');
      expect(await refs.findPersonal('user-1')).toEqual(personal);
      expect(await refs.findConversation('a:1')).toEqual(personal);
    });

    it('updates in place when the same conversation is saved again (service URL moved)', async () => {
      const refs = conversationRefs(database.db);
      await refs.save({ ...personal, serviceUrl: 'https://smba.example/emea/' }, 'user-1');
      expect((await refs.findPersonal('user-1'))?.serviceUrl).toBe('https://smba.example/emea/');
      const rows = await database.db
        .selectFrom('conversation_refs')
        .selectAll()
        .where('conversation_id', '=', 'a:1')
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('a channel conversation is never returned as a personal chat', async () => {
      const refs = conversationRefs(database.db);
      await refs.save(
        { ...personal, conversation: { id: '19:dsl-channel', conversationType: 'channel' } },
        'user-2',
      );
      expect(await refs.findPersonal('user-2')).toBeUndefined();
      expect(await refs.findConversation('19:dsl-channel')).toBeDefined();
    });

    it('forgets a conversation', async () => {
      const refs = conversationRefs(database.db);
      await refs.forget('a:1');
      expect(await refs.findPersonal('user-1')).toBeUndefined();
    });

    it('ignores a stored reference that no longer parses, rather than sending to garbage', async () => {
      await database.db
        .insertInto('conversation_refs')
        .values({
          conversation_id: 'a:bad',
          aad_object_id: 'user-3',
          conversation_type: 'personal',
          tenant_id: null,
          service_url: 'x',
          reference: JSON.stringify({ nope: true }),
          updated_at: new Date(),
        })
        .execute();
      expect(await conversationRefs(database.db).findPersonal('user-3')).toBeUndefined();
    });
  });
}
