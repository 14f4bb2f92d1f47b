// RoxSetupController.getUserOptions as a wired Apex method: a wire adapter that answers from the jest fixtures
// (as Lightning Data Service would from the server) and answers again when refreshApex asks it to.
import { userOptionsResult } from '../../src/state';
import { register, unregister } from './wireRegistry';

export default function getUserOptions() {
  return userOptionsResult().then((result) => {
    if (result.error) throw result.error;
    return result.data;
  });
}

getUserOptions.adapter = class GetUserOptionsAdapter {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
    this.connected = false;
  }

  connect() {
    this.connected = true;
    register(this);
  }

  disconnect() {
    this.connected = false;
    unregister(this);
  }

  update() {
    return this.emit();
  }

  /** Reads the options again and hands the component a new result object, as the wire service does. */
  emit() {
    return userOptionsResult().then((result) => {
      if (!this.connected) return;
      this.lastValue = { data: result.data, error: result.error };
      this.dataCallback(this.lastValue);
    });
  }
};
