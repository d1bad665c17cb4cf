import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { safeError } from '../bot/safeguarding-bot.ts';
import { createLogger } from './logger.ts';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('the logger', () => {
  it('removes names, text and card data, but keeps codes and the error type', async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', destination: stream });
    logger.error(
      {
        code: 'INTERNAL',
        person: { name: 'Jo Bloggs' },
        text: 'my neighbour hits her children',
        data: { narrative: 'details' },
        err: safeError(new TypeError('Cannot read properties of Jo Bloggs')),
      },
      'turn failed',
    );
    await new Promise((resolve) => setImmediate(resolve));
    const line = lines.join('');
    expect(line).toContain('"code":"INTERNAL"');
    expect(line).toContain('"type":"TypeError"');
    expect(line).not.toMatch(/Jo Bloggs|neighbour|details/);
  });
});
