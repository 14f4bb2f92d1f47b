import { AppError } from '../../core/app-error.js';
import { RoxCommand } from '../rox-command.js';

export default class Console extends RoxCommand {
  static override summary = 'Print a one-time link that signs a browser in to the admin console';
  static override description =
    'The link signs in as the admin key the CLI uses (DATA_DIR/admin.key beside a running companion, or ROX_ADMIN_KEY), works once and expires after 15 minutes. It needs a running companion: start one with `npm start`.';
  static override examples = ['<%= config.bin %> <%= command.id %>'];

  async run() {
    await this.parse(Console);
    const api = await this.api();
    if ((await this.targetMode()) === 'local')
      throw new AppError(
        'COMPANION_UNREACHABLE',
        'No companion is running for this DATA_DIR, and a sign-in link works only on a running one: start it with `npm start` (or set ROX_URL and ROX_ADMIN_KEY for one elsewhere), then run this again',
      );
    const link = await api.call<{ url: string; expiresAt: string }>('POST', '/v1/console/sign-in-links');
    this.show(() => `${link.url}\n(open it in a browser: it signs in once, until ${link.expiresAt})`);
    return link;
  }
}
