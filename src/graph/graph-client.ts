import type { TokenCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';

/**
 * The Microsoft Graph client, authenticated with an app credential (client credentials flow).
 * `baseUrl` is configurable so tests reach a local stand-in that speaks Graph's wire protocol.
 */
export function createGraphClient(options: { credential: TokenCredential; baseUrl: string }): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(options.credential, {
    scopes: ['https://graph.microsoft.com/.default'],
  });
  const baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  return Client.initWithMiddleware({
    authProvider,
    baseUrl,
    defaultVersion: 'v1.0',
    // The client only attaches the token to hosts it knows as Graph: name ours.
    customHosts: new Set([new URL(baseUrl).hostname]),
  });
}
