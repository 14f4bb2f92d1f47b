import { RoxCommand } from '../rox-command.js';

export default class Start extends RoxCommand {
  static override summary = 'Start the companion service (the same as npm start)';
  static override enableJsonFlag = false;

  async run() {
    await this.parse(Start);
    const { main } = await import('../../main.js');
    await main(this.env);
    // The service runs until it is stopped (SIGTERM, SIGINT).
    await new Promise(() => undefined);
  }
}
