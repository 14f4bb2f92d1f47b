// Shows the tab's toasts (lightning/platformShowToastEvent) as Lightning Experience does, in SLDS markup.
const ICONS = { success: 'success', error: 'error', warning: 'warning', info: 'info' };

let host;

export function clearToasts() {
  if (host) host.replaceChildren();
}

export function mountToastHost(container) {
  host = container;
  document.addEventListener('lightning__showtoast', (event) => {
    const { title = '', message = '', variant = 'info' } = event.detail || {};
    const kind = ICONS[variant] ? variant : 'info';
    container.replaceChildren(toast(kind, title, message, () => container.replaceChildren()));
  });
}

function toast(variant, title, message, close) {
  const wrapper = document.createElement('div');
  wrapper.className = `slds-notify slds-notify_toast slds-theme_${variant}`;
  wrapper.setAttribute('role', 'status');
  wrapper.dataset.id = 'toast';
  wrapper.dataset.variant = variant;
  const heading = document.createElement('h2');
  heading.className = 'slds-text-heading_small';
  heading.textContent = title;
  const body = document.createElement('div');
  body.className = 'slds-notify__content';
  body.appendChild(heading);
  if (message) {
    const text = document.createElement('p');
    text.textContent = message;
    body.appendChild(text);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'slds-button slds-button_icon slds-button_icon-inverse slds-notify__close';
  button.title = 'Close';
  button.textContent = '×';
  button.setAttribute('aria-label', 'Close');
  button.addEventListener('click', close);
  wrapper.append(body, button);
  return wrapper;
}
