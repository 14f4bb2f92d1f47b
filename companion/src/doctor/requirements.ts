/**
 * The integration-user requirements, read from the one list the in-org Rox Setup tab also reads
 * (force-app/main/default/staticresources/RoxIntegrationRequirements.json) and validated by the one
 * zod schema (scripts/requirements/requirements-schema.js). Nothing here keeps a copy of either.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/project-root.js';
import {
  parseRequirements,
  type CheckType,
  type RequirementCheck,
  type RequirementsFile,
} from '../../../scripts/requirements/requirements-schema.js';

export type {
  AccessKind,
  CheckType,
  Requirement,
  RequirementCheck,
  RequirementsFile,
} from '../../../scripts/requirements/requirements-schema.js';

export const REQUIREMENTS_FILE = join(
  projectRoot(__dirname),
  'force-app/main/default/staticresources/RoxIntegrationRequirements.json',
);

/** Name of the user license that `appliesTo: integrationLicense` refers to (as RoxRequirements.cls). */
export const INTEGRATION_LICENSE_NAME = 'Salesforce Integration';

export class RequirementsError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'RequirementsError';
  }
}

/** Parses requirement-list text; throws RequirementsError naming every problem. */
export function parseRequirementsText(text: string, source = 'the requirements list'): RequirementsFile {
  const parsed = parseRequirements(text);
  if (!parsed.ok) {
    throw new RequirementsError(
      `${source} is not a valid requirement list: ${parsed.problems.join('; ')}`,
      parsed.problems,
    );
  }
  return parsed.data;
}

export function loadRequirements(file = REQUIREMENTS_FILE): RequirementsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RequirementsError(`The requirements list ${file} could not be read: ${(e as Error).message}`, []);
  }
  return parseRequirementsText(text, file);
}

export type CheckOf<T extends CheckType> = Extract<RequirementCheck, { type: T }>;

export function checksOfType<T extends CheckType>(file: RequirementsFile, type: T): CheckOf<T>[] {
  return file.requirements.map((r) => r.check).filter((c): c is CheckOf<T> => c.type === type);
}

export function listUses(file: RequirementsFile, types: readonly CheckType[]): boolean {
  return file.requirements.some((r) => types.includes(r.check.type));
}

/** `RoxAI__` for namespace `RoxAI`, '' when the org runs the components unnamespaced. */
export function namespacePrefixOf(namespace: string): string {
  return namespace ? `${namespace}__` : '';
}

/**
 * A custom API name (ending in `__c`) with the namespace prefix, as RoxRequirements.withNamespace:
 * standard names, names already prefixed and every name in an unnamespaced org stay unchanged.
 */
export function withNamespace(prefix: string, apiName: string): string {
  const lower = apiName.toLowerCase();
  if (!prefix || !lower.endsWith('__c') || lower.startsWith(prefix.toLowerCase())) return apiName;
  return prefix + apiName;
}

/** An API name of a check as the org knows it: prefixed when the check says `namespaced: true`. */
export function qualify(check: RequirementCheck, prefix: string, apiName: string): string {
  return 'namespaced' in check && check.namespaced === true ? withNamespace(prefix, apiName) : apiName;
}
