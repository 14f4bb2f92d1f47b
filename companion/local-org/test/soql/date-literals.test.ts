import { dateLiteralRange, dayNumberToIso } from '../../src/soql/date-literals.js';

const MONDAY = new Date('2024-03-11T15:30:00.000Z');

function range(name: string, n?: number, now = MONDAY): [string, string] | undefined {
  const r = dateLiteralRange(name, n, now);
  return r && [dayNumberToIso(r.start), dayNumberToIso(r.end)];
}

describe('date literal ranges [start, end) in UTC days', () => {
  it('days', () => {
    expect(range('TODAY')).toEqual(['2024-03-11', '2024-03-12']);
    expect(range('yesterday')).toEqual(['2024-03-10', '2024-03-11']);
    expect(range('TOMORROW')).toEqual(['2024-03-12', '2024-03-13']);
    expect(range('LAST_N_DAYS', 7)).toEqual(['2024-03-04', '2024-03-12']);
    expect(range('LAST_N_DAYS', 1)).toEqual(['2024-03-10', '2024-03-12']);
    expect(range('NEXT_N_DAYS', 3)).toEqual(['2024-03-12', '2024-03-15']);
    expect(range('N_DAYS_AGO', 3)).toEqual(['2024-03-08', '2024-03-09']);
    expect(range('LAST_90_DAYS')).toEqual(['2023-12-12', '2024-03-12']);
    expect(range('NEXT_90_DAYS')).toEqual(['2024-03-12', '2024-06-10']);
  });

  it('weeks start on Sunday', () => {
    expect(range('THIS_WEEK')).toEqual(['2024-03-10', '2024-03-17']);
    expect(range('LAST_WEEK')).toEqual(['2024-03-03', '2024-03-10']);
    expect(range('NEXT_WEEK')).toEqual(['2024-03-17', '2024-03-24']);
    expect(range('LAST_N_WEEKS', 2)).toEqual(['2024-02-25', '2024-03-10']);
    expect(range('NEXT_N_WEEKS', 1)).toEqual(['2024-03-17', '2024-03-24']);
    expect(range('N_WEEKS_AGO', 1)).toEqual(['2024-03-03', '2024-03-10']);
    expect(range('THIS_WEEK', undefined, new Date('2024-03-10T00:00:00Z'))).toEqual(['2024-03-10', '2024-03-17']);
    expect(range('THIS_WEEK', undefined, new Date('2024-03-09T23:59:59Z'))).toEqual(['2024-03-03', '2024-03-10']);
  });

  it('months, quarters and years (fiscal = calendar, fiscal year starting in January)', () => {
    expect(range('THIS_MONTH')).toEqual(['2024-03-01', '2024-04-01']);
    expect(range('LAST_MONTH')).toEqual(['2024-02-01', '2024-03-01']);
    expect(range('NEXT_MONTH')).toEqual(['2024-04-01', '2024-05-01']);
    expect(range('LAST_N_MONTHS', 2)).toEqual(['2024-01-01', '2024-03-01']);
    expect(range('NEXT_N_MONTHS', 1)).toEqual(['2024-04-01', '2024-05-01']);
    expect(range('N_MONTHS_AGO', 1)).toEqual(['2024-02-01', '2024-03-01']);
    expect(range('THIS_QUARTER')).toEqual(['2024-01-01', '2024-04-01']);
    expect(range('LAST_QUARTER')).toEqual(['2023-10-01', '2024-01-01']);
    expect(range('NEXT_N_QUARTERS', 2)).toEqual(['2024-04-01', '2024-10-01']);
    expect(range('N_QUARTERS_AGO', 1)).toEqual(['2023-10-01', '2024-01-01']);
    expect(range('THIS_YEAR')).toEqual(['2024-01-01', '2025-01-01']);
    expect(range('LAST_N_YEARS', 2)).toEqual(['2022-01-01', '2024-01-01']);
    expect(range('N_YEARS_AGO', 1)).toEqual(['2023-01-01', '2024-01-01']);
    expect(range('THIS_FISCAL_YEAR')).toEqual(['2024-01-01', '2025-01-01']);
    expect(range('LAST_FISCAL_QUARTER')).toEqual(['2023-10-01', '2024-01-01']);
  });

  it('takes "today" as the UTC day of now', () => {
    expect(range('TODAY', undefined, new Date('2024-03-11T23:59:59.999Z'))).toEqual(['2024-03-11', '2024-03-12']);
    expect(range('TODAY', undefined, new Date('2024-03-12T00:00:00.000Z'))).toEqual(['2024-03-12', '2024-03-13']);
  });

  it('knows no literal outside SOQL', () => {
    expect(range('LAST_N_HOURS', 3)).toBeUndefined();
    expect(range('LAST_N_FORTNIGHTS', 3)).toBeUndefined();
  });
});
