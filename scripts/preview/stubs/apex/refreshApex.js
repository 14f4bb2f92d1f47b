// @salesforce/apex's refreshApex: asks the wire adapter that produced the value to read it again.
import { adapterFor } from './wireRegistry';

export function refreshApex(value) {
  const adapter = adapterFor(value);
  return adapter ? adapter.emit() : Promise.resolve();
}

export function getSObjectValue(record, field) {
  return record ? record[typeof field === 'string' ? field : field.fieldApiName] : undefined;
}
