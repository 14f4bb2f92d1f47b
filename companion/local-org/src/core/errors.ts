/**
 * The local org's one error model. Every failure the org reports is an OrgError carrying exactly
 * what Salesforce puts on the wire: errorCode, message, optional fields, and the HTTP status.
 * Single-resource REST answers serialise it as `[{message, errorCode, fields?}]`; sObject
 * Collections and Composite-per-record results as `{statusCode, message, fields}`.
 * Message texts are taken from shared/notes/salesforce-api-facts.md §B; the ones marked
 * UNCONFIRMED there are marked here too.
 */

export class OrgError extends Error {
  readonly errorCode: string;
  readonly fields: string[] | undefined;
  readonly httpStatus: number;

  constructor(errorCode: string, message: string, options: { fields?: string[]; httpStatus?: number } = {}) {
    super(message);
    this.name = 'OrgError';
    this.errorCode = errorCode;
    this.fields = options.fields;
    this.httpStatus = options.httpStatus ?? 400;
  }

  /** REST element: `{message, errorCode, fields?}` (fields omitted when the org omits them). */
  toRest(): { message: string; errorCode: string; fields?: string[] } {
    return this.fields === undefined
      ? { message: this.message, errorCode: this.errorCode }
      : { message: this.message, errorCode: this.errorCode, fields: this.fields };
  }

  /** Collections / per-record element: `{statusCode, message, fields}` (fields always present). */
  toSaveError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields ?? [] };
  }
}

export function isOrgError(e: unknown): e is OrgError {
  return e instanceof OrgError;
}

export const Errors = {
  notFound(): OrgError {
    return new OrgError('NOT_FOUND', 'The requested resource does not exist', { httpStatus: 404 });
  },
  invalidSession(): OrgError {
    return new OrgError('INVALID_SESSION_ID', 'Session expired or invalid', { httpStatus: 401 });
  },
  requestLimitExceeded(): OrgError {
    return new OrgError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', { httpStatus: 403 });
  },
  requiredFieldsMissing(fields: string[]): OrgError {
    return new OrgError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${fields.join(', ')}]`, { fields });
  },
  stringTooLong(label: string, value: string, max: number, field: string): OrgError {
    return new OrgError('STRING_TOO_LONG', `${label}: data value too large: ${value} (max length=${max})`, {
      fields: [field],
    });
  },
  invalidEmail(label: string, value: string, field: string): OrgError {
    return new OrgError('INVALID_EMAIL_ADDRESS', `${label}: invalid email address: ${value}`, { fields: [field] });
  },
  badRestrictedPicklist(label: string, value: unknown, field: string): OrgError {
    return new OrgError(
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `${label}: bad value for restricted picklist field: ${String(value)}`,
      { fields: [field] },
    );
  },
  notWritable(fields: string[]): OrgError {
    return new OrgError(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${fields.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      { fields },
    );
  },
  noSuchColumn(column: string, objectName: string): OrgError {
    return new OrgError('INVALID_FIELD', `No such column '${column}' on sobject of type ${objectName}`, {
      fields: [column],
    });
  },
  idInCreateBody(): OrgError {
    return new OrgError('INVALID_FIELD', 'The Id field should not be specified in the sobject data.');
  },
  duplicateValue(field: string, otherId: string): OrgError {
    // The message quotes the 15-character Id of the record that already holds the value.
    return new OrgError(
      'DUPLICATE_VALUE',
      `duplicate value found: ${field} duplicates value on record with id: ${otherId.slice(0, 15)}`,
      {
        fields: [],
      },
    );
  },
  malformedIdForField(label: string, value: string, field: string): OrgError {
    return new OrgError('MALFORMED_ID', `${label}: id value of incorrect type: ${value}`, { fields: [field] });
  },
  /** UNCONFIRMED: a well-formed Id of the wrong object type in a lookup. */
  wrongIdType(label: string, value: string, field: string): OrgError {
    return new OrgError('FIELD_INTEGRITY_EXCEPTION', `${label}: id value of incorrect type: ${value}`, {
      fields: [field],
    });
  },
  /** UNCONFIRMED: a lookup to an Id that never existed. */
  invalidCrossReference(field: string): OrgError {
    return new OrgError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', { fields: [field] });
  },
  entityIsDeleted(fields: string[] = []): OrgError {
    return new OrgError('ENTITY_IS_DELETED', 'entity is deleted', { fields, httpStatus: 404 });
  },
  malformedRecordId(objectLabel: string, value: string): OrgError {
    return new OrgError('MALFORMED_ID', `${objectLabel} ID: id value of incorrect type: ${value}`, {
      fields: ['Id'],
    });
  },
  jsonParser(message: string): OrgError {
    return new OrgError('JSON_PARSER_ERROR', message);
  },
  customValidation(message: string, field: string | null): OrgError {
    return new OrgError('FIELD_CUSTOM_VALIDATION_EXCEPTION', message, { fields: field ? [field] : [] });
  },
  unableToLockRow(id: string): OrgError {
    return new OrgError('UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${id}`, {
      fields: [],
    });
  },
  rolledBack(): OrgError {
    return new OrgError(
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'Record rolled back because not all records were valid and the request was using AllOrNone header',
      { fields: [] },
    );
  },
  processingHalted(): OrgError {
    return new OrgError(
      'PROCESSING_HALTED',
      'The transaction was rolled back since another operation in the same transaction failed.',
    );
  },
  insufficientAccess(): OrgError {
    // UNCONFIRMED HTTP status (fixtures differ between 400 and 403).
    return new OrgError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', { fields: [] });
  },
  invalidType(name: string): OrgError {
    return new OrgError(
      'INVALID_TYPE',
      `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  },
  exceededIdLimit(): OrgError {
    return new OrgError(
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 200 records into this call',
    );
  },
  unexpected(errorId: string): OrgError {
    return new OrgError(
      'UNKNOWN_EXCEPTION',
      `An unexpected error occurred. Please include this ErrorId if you contact support: ${errorId}`,
      { httpStatus: 500 },
    );
  },
};
