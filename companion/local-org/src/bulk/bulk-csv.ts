/**
 * CSV as Bulk API 2.0 reads and writes it. Uploads: first row is the header, the job's column
 * delimiter and line ending apply, an empty value leaves the field alone and `#N/A` sets it to
 * null (facts, Bulk 2.0 "Prepare CSV Files"; jsforce writes nulls as `#N/A`). Results are written
 * with every value quoted (UNCONFIRMED: byte-exact quoting of Salesforce's result files).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const NULL_MARKER = '#N/A';

export class CsvUploadError extends Error {}

export interface ParsedUpload {
  header: string[];
  rows: string[][];
}

export function parseUpload(text: string, delimiter: string, lineEnding: 'LF' | 'CRLF'): ParsedUpload {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (lineEnding === 'LF' && /\r\n/.test(body)) {
    // Salesforce's message for a CRLF file in an LF job (observed in the field; UNCONFIRMED wording).
    throw new CsvUploadError('ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF');
  }
  let records: string[][];
  try {
    records = parse(body, {
      delimiter,
      record_delimiter: lineEnding === 'CRLF' ? '\r\n' : '\n',
      relax_column_count: false,
      skip_empty_lines: true,
    }) as string[][];
  } catch (e) {
    throw new CsvUploadError(`ClientInputError : ${e instanceof Error ? e.message : String(e)}`);
  }
  if (records.length === 0) throw new CsvUploadError('ClientInputError : No data found in the CSV');
  const [header, ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}

export function toCsv(header: string[], rows: Array<Array<string>>, delimiter = ',', eol = '\n'): string {
  return stringify([header, ...rows], { quoted: true, quoted_empty: true, delimiter, record_delimiter: eol });
}
