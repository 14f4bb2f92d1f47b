// The preview page: the state switcher, the Rox Setup tab itself, and a toast host standing in for Lightning
// Experience's. Synthetic shadow comes first, as in Lightning Experience, so the page's SLDS stylesheet styles
// the base components inside the tab.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import RoxSetupChecker from 'c/roxSetupChecker';
import { mountSwitcher } from './switcher';
import { mountToastHost } from './toasts';

mountSwitcher(document.getElementById('preview-switcher'));
mountToastHost(document.getElementById('preview-toasts'));
const tab = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
document.getElementById('tab').appendChild(tab);
