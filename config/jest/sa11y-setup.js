// LWC jest: adds the toBeAccessible() matcher (axe-core, Salesforce's sa11y rules) for the component tests.
const { setup } = require('@sa11y/jest');

setup();
