import type { Client } from '@microsoft/microsoft-graph-client';

export type MailOutcome =
  | { kind: 'sent' }
  | { kind: 'unavailable' }
  | { kind: 'failed'; status: number | undefined };

export interface Mailer {
  /** Plain-text mail to fixed recipients; never throws. `unavailable` when mail is not configured. */
  send(message: { subject: string; body: string }): Promise<MailOutcome>;
}

export const noMailer: Mailer = { send: async () => ({ kind: 'unavailable' }) };

/**
 * Mail through Microsoft Graph `POST /users/{from}/sendMail` (application permission Mail.Send,
 * ideally limited to the sending mailbox with an application access policy).
 */
export function graphMailer(options: { client: Client; from: string; to: readonly string[] }): Mailer {
  return {
    async send(message) {
      if (options.to.length === 0) return { kind: 'unavailable' };
      try {
        await options.client.api(`/users/${encodeURIComponent(options.from)}/sendMail`).post({
          message: {
            subject: message.subject,
            body: { contentType: 'Text', content: message.body },
            toRecipients: options.to.map((address) => ({ emailAddress: { address } })),
          },
          saveToSentItems: true,
        });
        return { kind: 'sent' };
      } catch (error) {
        const status =
          typeof error === 'object' &&
          error !== null &&
          'statusCode' in error &&
          typeof error.statusCode === 'number'
            ? error.statusCode
            : undefined;
        return { kind: 'failed', status };
      }
    },
  };
}
