// The preview page: the state switcher, the Rox Setup tab itself, and a toast host standing in for Lightning
// Experience's. Synthetic shadow comes first, as in Lightning Experience, so the page's SLDS stylesheet styles
// the base components inside the tab.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import RoxSetupChecker from 'c/roxSetupChecker';
import { currentStateName, useState } from './state';
import { mountSwitcher } from './switcher';
import { clearToasts, mountToastHost } from './toasts';

const host = document.getElementById('tab');

/** A new tab, as when an admin opens it: the old one is removed (its wires disconnect) and a fresh one mounted. */
function mountTab() {
  host.replaceChildren(createElement('c-rox-setup-checker', { is: RoxSetupChecker }));
}

/** Shows another state without reloading the page (the switcher and the browser tests use it). */
function show(name, { delay } = {}) {
  useState(name, delay);
  const url = new URL(window.location.href);
  url.searchParams.set('state', name);
  if (delay !== undefined) url.searchParams.set('delay', String(delay));
  window.history.replaceState(null, '', url);
  clearToasts();
  mountTab();
}

window.roxPreview.show = show;
mountSwitcher(document.getElementById('preview-switcher'), currentStateName(), show);
mountToastHost(document.getElementById('preview-toasts'));
mountTab();
