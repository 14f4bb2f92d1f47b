// The admin console page: synthetic shadow first (as in Lightning Experience), so the page's SLDS stylesheet styles
// the components, then the console's shell.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from 'rox/app';

document.getElementById('console').replaceChildren(createElement('rox-app', { is: App }));
