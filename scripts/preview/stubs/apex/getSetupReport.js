// RoxSetupController.getSetupReport, answered from the jest fixtures for the preview state chosen on the page.
import { reportFor } from '../../src/state';

export default function getSetupReport(params) {
  return reportFor(params && params.userId);
}
