import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../config.ts';
import { errorCodeOf } from '../shared/errors.ts';
import { newCorrelationId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import { errorCard } from './error-card.ts';
import { ReusingBotFrameworkAuthentication } from './reuse-connector-clients.ts';
import { safeError } from './safeguarding-bot.ts';

/**
 * The Bot Framework CloudAdapter. With an app id it validates every incoming JWT (an unsigned
 * or forged request gets 401 and no turn runs); without one (local mode) auth is off.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    // botbuilder treats any one of these as "configure everything by hand", so an override of the
    // key metadata (sovereign clouds, offline tests) carries the public cloud's other values along.
    ...(config.ToBotFromChannelOpenIdMetadataUrl
      ? {
          ToBotFromChannelOpenIdMetadataUrl: config.ToBotFromChannelOpenIdMetadataUrl,
          ValidateAuthority: true,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
        }
      : {}),
  };
  // Connector and user-token clients are reused across turns (see reuse-connector-clients.ts).
  const adapter = new CloudAdapter(
    new ReusingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(options)),
  );

  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const correlationId = newCorrelationId();
    logger.error({ code: errorCodeOf(error), correlationId, err: safeError(error) }, 'turn failed');
    if (context.activity.type !== 'message') return;
    try {
      await context.sendActivity({
        type: 'message',
        summary: 'Sorry, something went wrong',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: errorCard(
              errorCodeOf(error),
              'I could not finish that. Nothing you sent has been lost or shared.',
              correlationId,
            ),
          },
        ],
      });
    } catch (sendError) {
      logger.error(
        { code: 'SEND_FAILED', correlationId, err: safeError(sendError) },
        'could not send the error reply',
      );
    }
  };
  return adapter;
}
