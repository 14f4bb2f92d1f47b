// RoxSetupController.searchUsers, answered from the jest fixtures for the preview state chosen on the page.
import { searchUsersFor } from '../../src/state';

export default function searchUsers(params) {
  return searchUsersFor(params && params.term);
}
