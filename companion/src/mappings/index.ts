/** CRM mappings: the per-connection "CRM Mappings" configuration, its defaults and its validation. */
export {
  ACTIVITY_SOBJECTS,
  CRM_OBJECT_TABS,
  CUSTOM_ROX_FIELD_TYPES,
  RECORD_TAB_SOBJECT,
  ROX_FIELD_TYPES,
  TAB_LABELS,
  activityFieldMappingSchema,
  activityMappingSchema,
  activityStaticValueSchema,
  activityWritebackSchema,
  crmMappingsSchema,
  customRoxFieldSchema,
  fieldMappingSchema,
  objectMappingSchema,
  staticValueSchema,
  tabMappingSchemas,
  type ActivityFieldMapping,
  type ActivityMapping,
  type ActivitySObject,
  type ActivityStaticValue,
  type ActivityWriteback,
  type CrmMappings,
  type CrmObjectTab,
  type CustomRoxField,
  type FieldMapping,
  type MappingMode,
  type ObjectMapping,
  type RecordTab,
  type RoxFieldType,
  type StaticValue,
} from './mapping-schema.js';
export { ROX_FIELDS, findRoxField, type RoxFieldDef } from './rox-fields.js';
export {
  REQUIRED_MAPPINGS,
  ROX_ACTIVITY_ID_FIELD,
  defaultCrmMappings,
  type RequiredMapping,
} from './default-mappings.js';
export { SALESFORCE_TYPES_FOR_ROX, staticValueIssue, typeMismatch } from './type-compat.js';
export { MAPPING_PROBLEM_CODES, type MappingProblem, type MappingProblemCode } from './mapping-problems.js';
export type { FieldAccess } from './field-access.js';
export { validateMappings, type DescribeProvider, type MappingValidation } from './mapping-validator.js';
