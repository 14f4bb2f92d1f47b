/** The doctor's contract with the rest of the companion: what it needs from Salesforce and what it returns. */
import type { RequirementsFile } from './requirements.js';

export interface DoctorSalesforce {
  /** Runs SOQL as the connected (integration) user; returns all records (follows nextRecordsUrl). */
  query<T = Record<string, unknown>>(soql: string): Promise<T[]>;
  /** Identity of the connected user. */
  identity(): Promise<{ userId: string; username: string; orgId: string }>;
  /**
   * Optional: the sObject describe as the connected user sees it (jsforce `conn.describe(name)` fits).
   * Without it the field checks cannot tell whether a field exists, is an External ID or has field-level
   * security at all, so those rows become warnings. A describe that fails with NOT_FOUND means the
   * object is not visible to the connected user.
   */
  describe?(objectName: string): Promise<DoctorObjectDescribe>;
}

export interface DoctorObjectDescribe {
  name: string;
  fields: ReadonlyArray<{ name: string; permissionable: boolean; externalId: boolean }>;
}

export type DoctorStatus = 'pass' | 'warning' | 'fail';

export interface DoctorRow {
  id: string;
  category: string;
  title: string;
  status: DoctorStatus;
  /** What the doctor observed, in the words of the in-org Rox Setup tab. */
  found: string;
  why: string;
  fix: string;
  setupUrl?: string;
  /** The Setup page's name, as the Rox Setup tab's link says it ("Open User detail"). */
  setupLabel?: string;
}

export interface DoctorReport {
  userId: string;
  username: string;
  counts: { pass: number; warning: number; fail: number };
  rows: DoctorRow[];
}

export interface DoctorOptions {
  /** Prefixed to each requirement's Setup path; without it the links are org-relative paths. */
  instanceUrl?: string;
  /** The user to check; defaults to the connected user. */
  userId?: string;
  /** Package namespace (`RoxAI`), '' for components deployed unnamespaced; defaults to the list's namespace. */
  namespace?: string;
  /** The parsed requirement list; defaults to the shared file (tests pass a changed copy). */
  requirements?: RequirementsFile;
}
