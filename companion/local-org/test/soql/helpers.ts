import { runSoql, SoqlError } from '../../src/soql/soql-engine.js';
import type { SoqlOptions, SoqlResult } from '../../src/soql/soql-types.js';
import { makeSource, QUERY, type FixtureSource } from './fixture.js';

export function run(soql: string, options: SoqlOptions = QUERY, source: FixtureSource = makeSource()): SoqlResult {
  return runSoql(soql, source, options);
}

/** Projected records, as REST would return them. */
export function records(soql: string, options: SoqlOptions = QUERY, source?: FixtureSource): Record<string, unknown>[] {
  const result = run(soql, options, source);
  return result.rows.map((row) => result.project(row));
}

/** Ids of the matching rows, in result order. */
export function idsOf(soql: string, options: SoqlOptions = QUERY, source?: FixtureSource): string[] {
  return run(soql, options, source).rows.map((row) => row.Id);
}

/** The SoqlError a query raises (fails the test when it does not raise one). */
export function failure(soql: string, options: SoqlOptions = QUERY, source?: FixtureSource): SoqlError {
  try {
    run(soql, options, source);
  } catch (error) {
    if (error instanceof SoqlError) return error;
    throw error;
  }
  throw new Error(`expected a SoqlError for: ${soql}`);
}
