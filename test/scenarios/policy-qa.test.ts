import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { botId, executeActivity, messageActivity, testTenantId } from '../kit/activities.ts';
import { cardsIn, cardText } from '../kit/cards.ts';
import { createTestApp, type TestApp } from '../kit/test-app.ts';

let t: TestApp;

async function ask(app: TestApp, text: string) {
  app.connector.reset();
  const response = await app.post(messageActivity({ serviceUrl: app.connector.url, text }));
  expect(response.status).toBe(200);
  return app.connector.calls
    .filter((call) => call.kind === 'reply')
    .map((call) => ({
      summary: String(call.activity?.summary ?? ''),
      card: cardsIn(call.activity)[0],
      text: cardText(cardsIn(call.activity)[0]),
    }));
}

/** Rows in a table once what the app writes behind its replies (the outcome rows) is written. */
async function tableCount(table: 'qa_outcomes' | 'qa_feedback' | 'qa_shared_questions') {
  await t.app.flush();
  const row = await t.app.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest outcome row, once what the app writes behind its replies is written. */
async function lastOutcome() {
  await t.app.flush();
  return t.app.database.db
    .selectFrom('qa_outcomes')
    .selectAll()
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
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

describe('policy Q&A over the Bot Framework protocol, on the sample policy', () => {
  it('answers a staff question with the policy’s own words and says which document and section', async () => {
    const [reply] = await ask(t, 'how often do i need to redo safeguarding training');
    const policy = await readFile('knowledge/sample-policy/safeguarding-policy.md', 'utf8');
    expect(reply?.text).toContain('The safeguarding policy says:');
    expect(reply?.text).toContain('every 3 years');
    const quote = JSON.stringify(reply?.card).match(/"text":"([^"]*every 3 years[^"]*)"/)?.[1] ?? '';
    for (const sentence of quote.split(/(?<=\.)\s+/))
      expect(policy.replace(/\s+/g, ' ')).toContain(sentence.trim());
    expect(reply?.text).toContain('Northbridge City Council Safeguarding Policy');
    expect(reply?.text).toContain('Training');
    const buttons = JSON.stringify(reply?.card);
    for (const title of [
      'Show the full section',
      'Raise a concern',
      'Was this helpful?',
      'Open the document',
    ]) {
      expect(buttons).toContain(title);
    }
    expect(reply?.summary).toBe('From the safeguarding policy: Training');
  });

  it('says plainly when the documents do not answer, and offers the DSL route, without inventing anything', async () => {
    const before = await tableCount('qa_outcomes');
    const [reply] = await ask(t, 'where do i park my car at the civic centre');
    expect(reply?.text).toContain("I couldn't find that in the safeguarding policy documents");
    expect(reply?.text).toContain('Designated Safeguarding Lead');
    expect(reply?.text).not.toContain('The safeguarding policy says:');
    expect(await tableCount('qa_outcomes')).toBe(before + 1);
  });

  it('a workplace question (pay, leave, passwords) is declined plainly and pointed to who answers it', async () => {
    for (const [question, service] of [
      ['when do we get paid this month', 'HR'],
      ['how do i book annual leave', 'HR'],
      ['whats the wifi password in the central library', 'the IT service desk'],
    ] as const) {
      const [reply] = await ask(t, question);
      expect(reply?.text).toContain("I couldn't find that in the safeguarding policy documents");
      expect(reply?.text).toContain(`That sounds like a question for ${service}`);
      expect(reply?.text).not.toContain('The safeguarding policy says:');
      expect(JSON.stringify(reply?.card)).not.toContain('Share my question');
    }
    const last = await lastOutcome();
    expect(last).toMatchObject({ outcome: 'declined', reason: 'out-of-scope' });
  });

  it('a near miss is still declined plainly, with the closest passages marked as possibly not the answer', async () => {
    const [reply] = await ask(t, 'is there a max number of cases a dsl is allowed to hold at once');
    expect(reply?.summary).toBe(
      "I couldn't find a clear answer to that in the safeguarding policy documents",
    );
    expect(reply?.text).toContain(
      "I couldn't find a clear answer to that in the safeguarding policy documents",
    );
    expect(reply?.text).toContain('The closest passages I found. They may not answer your question:');
    expect(reply?.text).not.toContain('The safeguarding policy says:');
    expect(reply?.text).toContain('Designated Safeguarding Lead');
    const [none] = await ask(t, 'where do i park my car at the civic centre');
    expect(none?.text).not.toContain('The closest passages I found');
  });

  it('a phone number, name or count the policy does not state is declined, saying which, never guessed', async () => {
    // The policy names the NSPCC line but gives no number for it.
    const [phone] = await ask(t, 'phone number for the nspcc whistleblowing line');
    expect(phone?.summary).toBe("I couldn't find that in the safeguarding policy documents");
    expect(phone?.text).toContain('They do not give a phone number for this, so I will not guess one.');
    expect(phone?.text).toContain('The closest passages I found. They may not answer your question:');
    expect(phone?.text).toContain('NSPCC Whistleblowing Advice Line');
    expect(phone?.text).not.toContain('The safeguarding policy says:');
    const [name] = await ask(t, 'whats the name of the prevent lead');
    expect(name?.text).toContain("They do not give a person's name for this");
    expect(name?.text).toContain('Under section 26 of the Counter-Terrorism and Security Act 2015');
    const [count] = await ask(t, 'how many mental health first aiders does each directorate have');
    expect(count?.text).toContain('They do not give that number for this');
    const last = await lastOutcome();
    expect(last).toMatchObject({ outcome: 'declined', reason: 'unstated-count' });
    // A number the policy does state is answered.
    const [stated] = await ask(t, 'whats the number for the eap');
    expect(stated?.text).toContain('The safeguarding policy says:');
    expect(stated?.text).toContain('0300 555 0123');
  });

  it('who holds a post is answered only where the policy says who, never from a passing mention', async () => {
    // The policy mentions the council's Prevent lead, in the Community Safety team, but never says who it is.
    const [prevent] = await ask(
      t,
      "who is the council's prevent lead? need to refer a radicalisation concern",
    );
    expect(prevent?.summary).toBe("I couldn't find that in the safeguarding policy documents");
    expect(prevent?.text).toContain('They do not say who holds that post, so I will not guess who.');
    expect(prevent?.text).not.toContain('The safeguarding policy says:');
    expect(await lastOutcome()).toMatchObject({ outcome: 'declined', reason: 'unstated-holder' });
    // The LADO may call the meeting; who chairs it, the policy does not say.
    const [chair] = await ask(t, 'who chairs the allegations management meeting');
    expect(chair?.text).toContain('They do not say who holds that post');
    // "The lead DSL is the council's Head of Safeguarding and Quality Assurance" says who.
    const [lead] = await ask(t, 'who is the lead dsl');
    expect(lead?.text).toContain('The safeguarding policy says:');
    expect(lead?.text).toContain("The lead DSL is the council's Head of Safeguarding and Quality Assurance");
  });

  it('whether something is provided is answered only by a passage that names it', async () => {
    // The lone working section never mentions an alarm or a panic button.
    const [alarm] = await ask(t, 'can i get a lone worker alarm or panic button for home visits');
    expect(alarm?.summary).toBe("I couldn't find that in the safeguarding policy documents");
    expect(alarm?.text).toContain(
      'They do not mention what you asked for, so I will not guess whether it is offered.',
    );
    expect(alarm?.text).not.toContain('The safeguarding policy says:');
    expect(await lastOutcome()).toMatchObject({ outcome: 'declined', reason: 'unstated-provision' });
    const [counselling] = await ask(t, 'can staff get counselling through the EAP after a difficult case');
    expect(counselling?.text).toContain('The safeguarding policy says:');
    expect(counselling?.text).toContain('counselling');
  });

  it('a service the closest passage never mentions is declined, naming it, however much else matches', async () => {
    // The policy's 2 working days are adult social care's decision, not the LADO's.
    const [reply] = await ask(
      t,
      "how long does the lado normally take to make a decision once something's been referred",
    );
    expect(reply?.summary).toBe("I couldn't find that in the safeguarding policy documents");
    expect(reply?.text).toContain('The passages closest to your question do not mention LADO');
    expect(reply?.text).toContain('The closest passages I found. They may not answer your question:');
    expect(reply?.text).not.toContain('The safeguarding policy says:');
    expect(await lastOutcome()).toMatchObject({ outcome: 'declined', reason: 'absent-topic' });
    // The same service asked about where the policy names it is answered.
    const [named] = await ask(t, 'when do i refer an allegation about a colleague to the lado');
    expect(named?.text).toContain('The safeguarding policy says:');
  });

  it('sharing a near-miss question keeps its closest passages on the card', async () => {
    const question = 'whats the name of the prevent lead';
    const response = await t.post(
      executeActivity({ serviceUrl: t.connector.url, verb: 'qa.share', data: { question } }),
    );
    expect(response.status).toBe(200);
    const text = cardText((response.body as { value: unknown }).value);
    expect(text).toContain('your question has been passed to the safeguarding team');
    expect(text).toContain('Under section 26 of the Counter-Terrorism and Security Act 2015');
    expect(JSON.stringify(response.body)).not.toContain('Share my question');
  });

  it('records the topics a question touched for the quarterly report, never its words', async () => {
    await ask(t, 'my neighbour Jo Bloggs asked what a LADO does about a DBS barring');
    const last = await lastOutcome();
    expect([...last.topics].sort()).toEqual(['DBS', 'LADO']);
    expect(JSON.stringify(last)).not.toMatch(/Bloggs|neighbour|barring/);
  });

  it('a message suggesting immediate danger gets the 999 card first', async () => {
    const replies = await ask(t, "she said she's going to kill herself tonight");
    expect(replies[0]?.text).toContain('call 999 now');
    expect(replies[0]?.summary).toBe('If someone is in immediate danger, call 999 now');
    expect(JSON.stringify(replies[0]?.card)).toContain('concern.start');
  });

  it("after the 999 card comes the policy's own passage on immediate danger", async () => {
    const replies = await ask(t, "someone's about to get seriously hurt right now what do i do");
    expect(replies[0]?.text).toContain('call 999 now');
    expect(replies[1]?.text).toContain('The safeguarding policy says:');
    expect(replies[1]?.text).toContain('needs urgent medical help, call 999 first');
    // The question's own words ("seriously hurt") once matched a passage about staff feeling upset.
    expect(replies[1]?.text).not.toContain('distressing');
  });

  it('after the 999 card, "right now" does not pull in an unrelated quote', async () => {
    const replies = await ask(t, 'he is threatening her right now');
    expect(replies[0]?.text).toContain('call 999 now');
    // "right now" once read as "currently", whose stem met "a current enhanced DBS check".
    expect(replies.map((reply) => reply.text).join(' ')).not.toContain('enhanced DBS check');
  });

  it('"the dangers of online grooming" is a question, not an emergency', async () => {
    const replies = await ask(t, 'what are the dangers of online grooming');
    expect(replies.some((reply) => reply.text.includes('call 999 now'))).toBe(false);
  });

  it('@mentioned in a channel, as Teams sends it, answers in the channel exactly as in a 1:1 chat', async () => {
    const [direct] = await ask(t, 'how often do i need to redo safeguarding training');
    t.connector.reset();
    const mention = '<at>Safeguarding Assistant</at>';
    const activity = messageActivity({
      serviceUrl: t.connector.url,
      text: `${mention} how often do i need to redo safeguarding training`,
    });
    const response = await t.post({
      ...activity,
      conversation: {
        id: '19:team-channel;messageid=1',
        conversationType: 'channel',
        tenantId: testTenantId,
      },
      channelData: {
        tenant: { id: testTenantId },
        channel: { id: '19:team-channel' },
        team: { id: '19:team' },
      },
      entities: [
        { type: 'mention', mentioned: { id: botId, name: 'Safeguarding Assistant' }, text: mention },
      ],
    });
    expect(response.status).toBe(200);
    const replies = t.connector.calls.filter((call) => call.kind === 'reply');
    expect(replies.map((call) => call.conversationId)).toEqual(['19:team-channel;messageid=1']);
    const text = cardText(cardsIn(replies[0]?.activity)[0]);
    expect(text).toContain('every 3 years');
    // The same quote as in the 1:1 chat: the bot's name is not part of the question.
    const quoteOf = (card: string) => card.split('\n')[1];
    expect(quoteOf(text)).toBe(quoteOf(direct?.text ?? ''));
    expect(text).toContain('You asked: how often do i need to redo safeguarding training');
  });

  it('an empty message (an @mention alone) gets the help card', async () => {
    const replies = await ask(t, '   ');
    expect(replies[0]?.text).toContain('Shows this card again');
  });

  it('only emoji gets "I didn\'t catch a question"', async () => {
    const [reply] = await ask(t, '😀😀🙏');
    expect(reply?.text).toContain("I didn't catch a question there");
  });

  it('another language is declined plainly', async () => {
    const [reply] = await ask(t, 'wo kann ich mein Auto parken');
    expect(reply?.text).toContain("I couldn't find that");
  });

  it('a 20,000-character message is answered or declined, not crashed on, and echoed only in part', async () => {
    const long = `safeguarding training ${'word '.repeat(4000)}`;
    const [reply] = await ask(t, long);
    expect(reply).toBeDefined();
    expect(JSON.stringify(reply?.card).length).toBeLessThan(28 * 1024);
  });

  it('markdown and card-template syntax in a question are shown as text, never interpreted', async () => {
    const [reply] = await ask(
      t,
      '[click here](https://evil.example) <b>bold</b> ${title} **who is the lead dsl**',
    );
    // What a person sees (TextBlocks); the question also travels, inert, in the buttons' data.
    const shown = reply?.text ?? '';
    expect(shown).toContain('You asked: \\[click here\\]\\(https://evil.example\\)');
    expect(shown).not.toContain('](https://evil.example)');
    expect(shown).toContain('\\<b\\>bold\\</b\\>');
    expect(shown).toContain('${title}');
  });

  it('"Show the full section" replaces the answer with the whole section', async () => {
    const [reply] = await ask(t, 'how often do i need to redo safeguarding training');
    const chunkId = JSON.stringify(reply?.card).match(
      /"verb":"qa.section","data":\{"chunkId":"([^"]+)"/,
    )?.[1];
    expect(chunkId).toBeTruthy();
    const response = await t.post(
      executeActivity({ serviceUrl: t.connector.url, verb: 'qa.section', data: { chunkId } }),
    );
    expect(response.status).toBe(200);
    const text = cardText(JSON.parse(JSON.stringify(response.body)).value);
    expect(text).toContain('Training');
    expect(text).toContain('every 3 years');
  });

  it('"Was this helpful?" stores the answer without the question and thanks the user on the same card', async () => {
    const [reply] = await ask(t, 'how often do i need to redo safeguarding training');
    const card = JSON.stringify(reply?.card);
    const chunkId = card.match(/"chunkId":"([^"]+)"/)?.[1];
    const before = await tableCount('qa_feedback');
    const response = await t.post(
      executeActivity({
        serviceUrl: t.connector.url,
        verb: 'qa.feedback',
        data: { chunkId, helpful: false, question: 'how often do i need to redo safeguarding training' },
      }),
    );
    expect(JSON.stringify(response.body)).toContain('Thank you: your feedback');
    expect(JSON.stringify(response.body)).not.toContain('Was this helpful?');
    expect(await tableCount('qa_feedback')).toBe(before + 1);
    const stored = await t.app.database.db
      .selectFrom('qa_feedback')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ helpful: false, section: 'Training' });
    expect(JSON.stringify(stored)).not.toContain('redo');
  });

  it('an unanswered question is kept only when its author chooses to share it', async () => {
    const sharedBefore = await tableCount('qa_shared_questions');
    await ask(t, 'where do i park my car at the civic centre');
    expect(await tableCount('qa_shared_questions')).toBe(sharedBefore);
    const response = await t.post(
      executeActivity({
        serviceUrl: t.connector.url,
        verb: 'qa.share',
        data: { question: 'where do i park my car at the civic centre' },
      }),
    );
    expect(JSON.stringify(response.body)).toContain('passed to the safeguarding team');
    expect(await tableCount('qa_shared_questions')).toBe(sharedBefore + 1);
  });

  it('tampered feedback data (not a boolean) is refused and nothing is stored', async () => {
    const before = await tableCount('qa_feedback');
    const response = await t.post(
      executeActivity({
        serviceUrl: t.connector.url,
        verb: 'qa.feedback',
        data: { chunkId: 'x', helpful: 'yes please', question: 'q' },
      }),
    );
    expect(JSON.stringify(response.body)).toContain('I could not accept that');
    expect(await tableCount('qa_feedback')).toBe(before);
  });
});

describe('the knowledge folder', () => {
  let dir: string;
  let folderApp: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sa-knowledge-'));
    folderApp = await createTestApp({ env: { KNOWLEDGE_DIR: dir } });
  });
  afterAll(async () => {
    await folderApp.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('an empty folder: the bot says it has no policy documents loaded yet', async () => {
    const [reply] = await ask(folderApp, 'how often do i need safeguarding training');
    expect(reply?.text).toContain('I have no policy documents loaded yet');
  });

  it('a document added to the folder is answered from within seconds (watch and re-index)', async () => {
    await writeFile(
      join(dir, 'lone-working.md'),
      '# Lone Working Procedure\n\n## Home visits\n\nBefore a home visit alone, staff must log the address and expected return time with their team leader.\n',
    );
    const deadline = Date.now() + 10_000;
    let text = '';
    while (Date.now() < deadline) {
      const [reply] = await ask(folderApp, 'what do i have to do before a home visit on my own');
      text = reply?.text ?? '';
      if (text.includes('log the address')) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(text).toContain('log the address and expected return time');
    expect(text).toContain('Lone Working Procedure');
  });

  it('after the 999 card, a policy without a passage on immediate danger shows no stray "immediate" quote', async () => {
    await writeFile(
      join(dir, 'budget.md'),
      '# Safeguarding budget\n\n## Financial implications\n\nThere are no immediate financial implications for someone in the lone working procedure.\n',
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const [reply] = await ask(
        folderApp,
        'are there any financial implications of the lone working procedure',
      );
      if (reply?.text.includes('no immediate financial implications')) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const replies = await ask(folderApp, 'he has a knife and is threatening her right now');
    expect(replies[0]?.text).toContain('call 999 now');
    expect(replies.map((reply) => reply.text).join(' ')).not.toContain('financial implications');
  });

  it('a folder that does not exist stops start-up with a clear message naming the problem', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        DATA_DIR: join(dir, 'data'),
        KNOWLEDGE_DIR: join(dir, 'no-such-folder'),
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Safeguarding Assistant cannot start: KNOWLEDGE_DIR_MISSING');
    expect(stderr).toContain('no-such-folder');
  });
});
