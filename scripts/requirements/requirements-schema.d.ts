// Types of requirements-schema.js for TypeScript callers (the companion's doctor). The zod schema in the .js
// file stays the one definition that is enforced at run time; these types describe what it accepts, and
// companion/test/doctor checks that the shared requirements list parses into them.
import type { ZodType } from 'zod';

export type AccessKind = 'read' | 'create' | 'edit' | 'delete' | 'viewAll' | 'modifyAll';

export type RequirementCheck =
  | { type: 'userActive' }
  | { type: 'userLicense'; passKeys: string[]; warnKeys: string[] }
  | { type: 'profile' }
  | { type: 'userPermission'; permission: string; label: string }
  | { type: 'packageInstalled' }
  | { type: 'packageLicense' }
  | { type: 'permissionSetAssigned'; permissionSet: string; namespaced: boolean }
  | {
      type: 'objectAccess';
      object: string;
      namespaced?: boolean;
      access: AccessKind[];
      writeAccess?: AccessKind[];
      inheritsFrom?: string;
      governedBy?: string;
    }
  | {
      type: 'activityField';
      field: string;
      namespaced: boolean;
      objects: Array<'Task' | 'Event'>;
      externalId: boolean;
      alternatives?: string[];
    }
  | {
      type: 'fieldAccess';
      objects: string[];
      fields: string[];
      namespaced?: boolean;
      access: 'read' | 'edit';
      adminProfileSatisfies: boolean;
      alternatives?: string[];
    }
  | { type: 'permissionSetLicense'; developerName: string; label: string }
  | { type: 'connectedApp'; appNames: string[] }
  | { type: 'licenseChangeAdvice' };

export type CheckType = RequirementCheck['type'];

export interface Requirement {
  id: string;
  category: string;
  title: string;
  appliesTo?: 'restrictedProfile' | 'integrationLicense';
  check: RequirementCheck;
  severity: 'fail' | 'warning';
  why: string;
  fix: string;
  setup: { label: string; path: string };
}

export interface RequirementsFile {
  schemaVersion: 1;
  description: string;
  namespace: string;
  integrationPermissionSet: string;
  adminPermissions: string[];
  integrationLicenseKey: string;
  statuses: ['pass', 'warning', 'fail'];
  requirements: Requirement[];
}

export type ParseRequirementsResult =
  { ok: true; data: RequirementsFile; problems: [] } | { ok: false; problems: string[] };

/** Parses the requirements JSON text; problems name the offending requirement. */
export declare function parseRequirements(text: string): ParseRequirementsResult;

export declare const requirementsFile: ZodType<RequirementsFile>;
