/**
 * What an OAuth error Salesforce sends back to the callback means, and what the admin does about
 * it — in the words of the setup guide where it has them (OAUTH_APPROVAL_ERROR_GENERIC: the Rox app
 * is blocked or not installed; check Setup → Connected Apps OAuth Usage). The connection's state,
 * the callback page and doctor all show this.
 */

export interface OAuthErrorExplanation {
  /** Stored as the connection's state reason. */
  reason: string;
  /** What happened, in words. */
  message: string;
  /** What to do. */
  fix: string;
  /** The Setup page to do it in. */
  setupUrl?: string;
}

const USAGE_PAGE = '/lightning/setup/ConnectedAppsUsage/home';

/** Setup pages live on the org's My Domain; a generic login host is the best we know before login. */
function setupUrl(loginUrl: string): string {
  return `${loginUrl.replace(/\/+$/, '')}${USAGE_PAGE}`;
}

export function explainOAuthError(error: string, description: string | undefined, loginUrl: string): OAuthErrorExplanation {
  const said = `${error}${description ? `: ${description}` : ''}`;
  switch (error) {
    case 'OAUTH_APPROVAL_ERROR_GENERIC':
    case 'OAUTH_APP_BLOCKED':
      return {
        reason: 'OAUTH_APPROVAL_ERROR',
        message: `Salesforce refused to approve the Rox app (${said}). This usually means the Rox connected app is blocked, or not installed, in this org.`,
        fix: 'In Setup, open Connected Apps OAuth Usage and check that the Rox app is listed and installed (Install) and not blocked (Unblock), then connect again.',
        setupUrl: setupUrl(loginUrl),
      };
    case 'access_denied':
      return {
        reason: 'OAUTH_DENIED',
        message: `The login was not approved (${said}): the user chose Deny, or is not allowed to use the Rox app.`,
        fix: 'Connect again and choose Allow. If the app is set to "Admin approved users are pre-authorized", add the integration user\'s profile or permission set to the app first.',
        setupUrl: setupUrl(loginUrl),
      };
    case 'invalid_client_id':
    case 'invalid_client':
      return {
        reason: 'OAUTH_CLIENT',
        message: `Salesforce does not know the client id the companion sent (${said}).`,
        fix: "Check SF_CLIENT_ID against the consumer key of the Rox External Client App (or connected app) in this org's Setup, and that the app is installed in the org you logged in to.",
      };
    default:
      return {
        reason: 'OAUTH_DENIED',
        message: `Salesforce did not authorise the connection (${said}).`,
        fix: 'Connect again; if it happens again, check Setup → Connected Apps OAuth Usage for the Rox app and the login history of the integration user.',
        setupUrl: setupUrl(loginUrl),
      };
  }
}
