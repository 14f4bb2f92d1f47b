// The schema of force-app/main/default/staticresources/RoxIntegrationRequirements.json, the one list of
// integration-user requirements that the Rox Setup tab (Apex) and the companion's doctor both read.
// A change to the list that either reader cannot evaluate fails here first, with the requirement named.
const { z } = require('zod');

const objectName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'an sObject API name');
const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a field API name');
const access = z.enum(['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll']);
const licenseKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a UserLicense.LicenseDefinitionKey such as SFDC');
const userPermission = z.string().regex(/^Permissions[A-Z][A-Za-z]+$/, 'a PermissionSet field such as PermissionsApiEnabled');

const check = z.discriminatedUnion('type', [
  z.object({ type: z.literal('userActive') }).strict(),
  // Licenses by UserLicense.LicenseDefinitionKey (never by their names, which orgs see translated).
  z
    .object({
      type: z.literal('userLicense'),
      passKeys: z.array(licenseKey).min(1),
      warnKeys: z.array(licenseKey),
    })
    .strict(),
  z.object({ type: z.literal('profile') }).strict(),
  z.object({ type: z.literal('userPermission'), permission: userPermission, label: z.string().min(1) }).strict(),
  z.object({ type: z.literal('packageInstalled') }).strict(),
  z.object({ type: z.literal('packageLicense') }).strict(),
  z
    .object({ type: z.literal('permissionSetAssigned'), permissionSet: z.string().min(1), namespaced: z.boolean() })
    .strict(),
  z
    .object({
      type: z.literal('objectAccess'),
      object: objectName,
      namespaced: z.boolean().optional(),
      access: z.array(access).min(1),
      writeAccess: z.array(access).optional(),
      inheritsFrom: objectName.optional(),
      governedBy: userPermission.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('activityField'),
      field: fieldName,
      namespaced: z.boolean(),
      objects: z.array(z.enum(['Task', 'Event'])).min(1),
      externalId: z.boolean(),
      // Fields an org may have instead (never namespaced): RoxActivityId__c made by hand as the setup
      // guide says. One that is not an External ID gives a warning, not a failure.
      alternatives: z.array(fieldName).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('fieldAccess'),
      objects: z.array(objectName).min(1),
      fields: z.array(fieldName).min(1),
      namespaced: z.boolean().optional(),
      access: z.enum(['read', 'edit']),
      adminProfileSatisfies: z.boolean(),
      // Access to one of these (never namespaced) instead of a field satisfies the row, per object.
      alternatives: z.array(fieldName).optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('permissionSetLicense'), developerName: z.string().min(1), label: z.string().min(1) })
    .strict(),
  z.object({ type: z.literal('connectedApp'), appNames: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ type: z.literal('licenseChangeAdvice') }).strict(),
]);

const requirement = z
  .object({
    id: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/, 'a dotted id such as user.active'),
    category: z.string().min(1),
    title: z.string().min(1).max(80),
    appliesTo: z.enum(['restrictedProfile', 'integrationLicense']).optional(),
    check,
    severity: z.enum(['fail', 'warning']),
    why: z.string().min(20),
    fix: z.string().min(10),
    setup: z
      .object({
        label: z.string().min(1),
        path: z.string().regex(/^\/lightning\/setup\/[A-Za-z]+\//, 'a Lightning Setup path (/lightning/setup/...)'),
      })
      .strict(),
  })
  .strict();

const requirementsFile = z
  .object({
    schemaVersion: z.literal(1),
    description: z.string(),
    namespace: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
    integrationPermissionSet: z.string().min(1),
    // A profile is an administrator's when it grants every one of these (never judged by its name).
    adminPermissions: z.array(userPermission).min(1),
    // The LicenseDefinitionKey of the API-only Salesforce Integration license (appliesTo: integrationLicense).
    integrationLicenseKey: licenseKey,
    statuses: z.tuple([z.literal('pass'), z.literal('warning'), z.literal('fail')]),
    requirements: z.array(requirement).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set();
    file.requirements.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({ code: 'custom', path: ['requirements', i, 'id'], message: `duplicate requirement id ${r.id}` });
      }
      seen.add(r.id);
    });
  });

/** Parses the requirements JSON text; returns { ok, data } or { ok: false, problems: [messages naming the requirement] }. */
function parseRequirements(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`not valid JSON: ${e.message}`] };
  }
  const res = requirementsFile.safeParse(json);
  if (res.success) return { ok: true, data: res.data, problems: [] };
  const problems = res.error.issues.map((issue) => {
    const [first, index] = issue.path;
    const reqId = first === 'requirements' && typeof index === 'number' ? json.requirements?.[index]?.id : undefined;
    const where = issue.path.join('.') || '(root)';
    return `${reqId ? `requirement ${reqId}: ` : ''}${where}: ${issue.message}`;
  });
  return { ok: false, problems };
}

module.exports = { parseRequirements, requirementsFile };
