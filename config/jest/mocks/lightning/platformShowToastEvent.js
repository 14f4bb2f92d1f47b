/**
 * Jest mock of lightning/platformShowToastEvent, shaped like the lwc-recipes mock
 * (https://github.com/trailheadapps/lwc-recipes/blob/main/force-app/test/jest-mocks/lightning/platformShowToastEvent.js).
 * Tests listen for ShowToastEventName on the component and read event.detail.
 */
export const ShowToastEventName = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super(ShowToastEventName, {
      composed: true,
      cancelable: true,
      bubbles: true,
      detail: toast,
    });
  }
}
