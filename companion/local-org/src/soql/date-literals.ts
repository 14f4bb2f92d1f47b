/**
 * SOQL date literals (TODAY, LAST_N_DAYS:n, THIS_QUARTER, …) as half-open day ranges [start, end).
 *
 * Assumptions of the local org, which a real org takes from the querying user's settings:
 * - time zone GMT/UTC: "today" is the UTC calendar day of source.now();
 * - locale en_US: weeks start on Sunday;
 * - the default fiscal year (starts in January), so fiscal periods equal calendar periods.
 * Ranges follow the SOQL reference ("Date Formats and Date Literals in WHERE"), except that
 * LAST_N_DAYS:n and LAST_90_DAYS include today, as real orgs do (observed behaviour that the
 * documentation's wording contradicts; LAST_N_DAYS:1 returns yesterday and today).
 * The parser rejects literals that do not exist in SOQL (e.g. LAST_N_HOURS) as MALFORMED_QUERY.
 */

/** Whole UTC days since 1970-01-01. */
export type DayNumber = number;

export interface DayRange {
  start: DayNumber;
  end: DayNumber;
}

const MS_PER_DAY = 86_400_000;

export function dayNumberOf(date: Date): DayNumber {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

export function dayNumberToIso(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function dayNumberToMs(day: DayNumber): number {
  return day * MS_PER_DAY;
}

function monthStart(today: DayNumber, monthsFromNow: number): DayNumber {
  const d = new Date(today * MS_PER_DAY);
  return dayNumberOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsFromNow, 1)));
}

function quarterStart(today: DayNumber, quartersFromNow: number): DayNumber {
  const d = new Date(today * MS_PER_DAY);
  const firstMonthOfQuarter = Math.floor(d.getUTCMonth() / 3) * 3;
  return dayNumberOf(new Date(Date.UTC(d.getUTCFullYear(), firstMonthOfQuarter + 3 * quartersFromNow, 1)));
}

function yearStart(today: DayNumber, yearsFromNow: number): DayNumber {
  const d = new Date(today * MS_PER_DAY);
  return dayNumberOf(new Date(Date.UTC(d.getUTCFullYear() + yearsFromNow, 0, 1)));
}

function weekStart(today: DayNumber): DayNumber {
  const sunday = 0;
  const weekday = new Date(today * MS_PER_DAY).getUTCDay();
  return today - ((weekday - sunday + 7) % 7);
}

type PeriodStart = (today: DayNumber, periodsFromNow: number) => DayNumber;

const PERIODS: Record<string, PeriodStart> = {
  WEEK: (today, k) => weekStart(today) + 7 * k,
  MONTH: monthStart,
  QUARTER: quarterStart,
  YEAR: yearStart,
  FISCAL_QUARTER: quarterStart,
  FISCAL_YEAR: yearStart,
};

function period(unit: PeriodStart, today: DayNumber, from: number, to: number): DayRange {
  return { start: unit(today, from), end: unit(today, to) };
}

/**
 * The range of a literal such as 'TODAY' or 'LAST_N_DAYS' (with n), or undefined when the name is
 * not a SOQL date literal.
 */
export function dateLiteralRange(name: string, n: number | undefined, now: Date): DayRange | undefined {
  const today = dayNumberOf(now);
  const literal = name.toUpperCase();
  const count = n ?? 0;
  switch (literal) {
    case 'YESTERDAY':
      return { start: today - 1, end: today };
    case 'TODAY':
      return { start: today, end: today + 1 };
    case 'TOMORROW':
      return { start: today + 1, end: today + 2 };
    case 'LAST_90_DAYS':
      return { start: today - 90, end: today + 1 };
    case 'NEXT_90_DAYS':
      return { start: today + 1, end: today + 91 };
    case 'LAST_N_DAYS':
      return { start: today - count, end: today + 1 };
    case 'NEXT_N_DAYS':
      return { start: today + 1, end: today + 1 + count };
    case 'N_DAYS_AGO':
      return { start: today - count, end: today - count + 1 };
    default:
      return periodLiteral(literal, count, today);
  }
}

function periodLiteral(literal: string, count: number, today: DayNumber): DayRange | undefined {
  const simple = /^(THIS|LAST|NEXT)_(WEEK|MONTH|QUARTER|YEAR|FISCAL_QUARTER|FISCAL_YEAR)$/.exec(literal);
  if (simple) {
    const unit = PERIODS[simple[2]];
    const offset = simple[1] === 'THIS' ? 0 : simple[1] === 'LAST' ? -1 : 1;
    return period(unit, today, offset, offset + 1);
  }
  const withN = /^(LAST_N|NEXT_N|N)_(WEEK|MONTH|QUARTER|YEAR|FISCAL_QUARTER|FISCAL_YEAR)S(_AGO)?$/.exec(literal);
  if (!withN) return undefined;
  const unit = PERIODS[withN[2]];
  if (withN[1] === 'LAST_N' && !withN[3]) return period(unit, today, -count, 0);
  if (withN[1] === 'NEXT_N' && !withN[3]) return period(unit, today, 1, 1 + count);
  if (withN[1] === 'N' && withN[3]) return period(unit, today, -count, -count + 1);
  return undefined;
}
