// lightning/platformShowToastEvent as Lightning Experience provides it: the event the toast host listens for.
// The preview's toast host (src/toasts.js) plays Lightning Experience's part and shows it.
export const ShowToastEventName = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super(ShowToastEventName, { composed: true, cancelable: true, bubbles: true, detail: toast });
  }
}
