// The connected wire adapters, so refreshApex can find the one that produced a value.
const adapters = new Set();

export function register(adapter) {
  adapters.add(adapter);
}

export function unregister(adapter) {
  adapters.delete(adapter);
}

export function adapterFor(value) {
  return [...adapters].find((adapter) => adapter.lastValue === value);
}
