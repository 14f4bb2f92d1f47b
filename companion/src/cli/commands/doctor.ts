import { Flags } from '@oclif/core';
import { EXIT, RoxCommand } from '../rox-command.js';
import { connectionArg, resolveConnection } from '../connection-ref.js';

export default class Doctor extends RoxCommand {
  static override summary = 'Check the integration user against the Rox requirements, as the in-org Rox Setup tab does';
  static override description = `Each requirement is a pass, warning or fail row with what was found and how to fix it.
Exits ${EXIT.problems} when a requirement fails.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> acme-prod',
    '<%= config.bin %> <%= command.id %> acme-prod --user 005000000000001AAA',
  ];
  static override args = { connection: connectionArg() };
  static override flags = {
    user: Flags.string({ summary: 'Check this user (005…) instead of the connected one' }),
  };

  async run() {
    const { args, flags } = await this.parse(Doctor);
    const api = await this.api();
    const id = await resolveConnection(api, args.connection);
    const report = await api.call(
      'GET',
      `/v1/connections/${id}/doctor${flags.user ? `?userId=${encodeURIComponent(flags.user)}` : ''}`,
    );
    const { formatDoctorReport, overallStatus } = await import('../../doctor/doctor-report.js');
    this.show(() => formatDoctorReport(report));
    if (overallStatus(report) === 'fail') this.finishWith(EXIT.problems);
    return report;
  }
}
