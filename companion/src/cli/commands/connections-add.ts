import { readFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { AppError } from '../../core/app-error.js';
import { RoxCommand } from '../rox-command.js';
import type { ConnectionStatus } from '../connection-ref.js';

export default class ConnectionsAdd extends RoxCommand {
  static override summary = 'Connect an org: OAuth login (prints the URL to open), JWT bearer, or an org the sf CLI knows';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --name acme-prod',
    '<%= config.bin %> <%= command.id %> --name acme-sandbox --login-url https://test.salesforce.com',
    '<%= config.bin %> <%= command.id %> --name acme-prod --method jwt --username rox@acme.com --key-file server.key',
    '<%= config.bin %> <%= command.id %> --name scratch --method sf_cli --org my-scratch',
  ];
  static override flags = {
    name: Flags.string({ summary: 'A name for the connection (unique)', required: true }),
    method: Flags.string({ summary: 'How to authenticate', options: ['oauth', 'jwt', 'sf_cli'], default: 'oauth' }),
    'login-url': Flags.string({
      summary: 'https://login.salesforce.com (default), https://test.salesforce.com or a My Domain URL',
    }),
    username: Flags.string({ summary: 'JWT: the integration user to act as' }),
    'key-file': Flags.file({ summary: 'JWT: the PEM private key whose certificate the External Client App holds', exists: true }),
    'client-id': Flags.string({ summary: "JWT: the app's consumer key (default SF_CLIENT_ID)" }),
    org: Flags.string({ summary: 'sf_cli: the alias or username of an org the sf CLI is logged in to' }),
  };

  async run() {
    const { flags } = await this.parse(ConnectionsAdd);
    let body: Record<string, unknown>;
    if (flags.method === 'oauth') body = { authMethod: 'oauth', name: flags.name, loginUrl: flags['login-url'] };
    else if (flags.method === 'jwt') {
      if (!flags.username || !flags['key-file'])
        throw new AppError('BAD_REQUEST', '--username and --key-file are required for --method jwt');
      body = {
        authMethod: 'jwt',
        name: flags.name,
        username: flags.username,
        privateKey: readFileSync(flags['key-file'], 'utf8'),
        loginUrl: flags['login-url'],
        clientId: flags['client-id'],
      };
    } else {
      if (!flags.org) throw new AppError('BAD_REQUEST', '--org <alias or username> is required for --method sf_cli');
      body = { authMethod: 'sf_cli', name: flags.name, org: flags.org };
    }
    const res = await (await this.api()).call('POST', '/v1/connections', JSON.parse(JSON.stringify(body)));
    const c = res.connection as ConnectionStatus;
    this.show(() =>
      res.authorizeUrl
        ? `Connection ${c.name} (${c.id}) created. Open this URL in a browser, log in as the integration user and approve:\n\n  ${res.authorizeUrl}\n\nThe companion receives the callback; \`status ${c.name}\` then shows Ready.`
        : `Connected ${c.name} (${c.id}) as ${c.connectedAs.username} to org ${c.orgId}.`,
    );
    return res;
  }
}
