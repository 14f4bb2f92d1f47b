/** Public entry point of the local org. */
export { createLocalOrg, type CreateLocalOrgOptions, type RunningLocalOrg } from './server.js';
export { LocalOrg, DEFAULT_APP, type LocalOrgConfig } from './org.js';
export { OrgError, Errors } from './core/errors.js';
export { f as fields } from './schema/field-builders.js';
export type { SchemaConfig, CustomObjectConfig } from './schema/custom-config.js';
export type { FaultSpec, FaultKind } from './http/faults.js';
export type { UsageReport } from './http/api-usage.js';
export { INTEGRATION_USER_PROFILES, type IntegrationUserProfile } from './seed/setup-seed.js';
export type { ConnectedAppConfig } from './auth/token-service.js';
export { pkceChallenge } from './auth/token-service.js';
