// A closed feature gate of the Lightning base components (shaped as their own external/gateStub.js, which opens
// every gate); see build.mjs for which gate and why.
export default { isOpen: () => false };
