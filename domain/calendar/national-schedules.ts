import type { HolidaySchedule } from './working-calendar';

/*
 * the national holiday schedules (国务院办公厅 部分节假日安排) as plain data.
 * The domain runs inside the workflow sandbox and cannot read a package or a
 * file at run time, so each year is written out here and checked in tests
 * against the sources (test/domain/calendar-data.test.ts).
 *
 * `off` lists every rest day of each holiday block, weekend days included, as
 * the notice states the block; `work` lists the weekend days worked instead
 * (调休上班).
 *
 * 2027 is deliberately absent: the packaged source (chinese-days 1.5.7, the
 * newest release) carries no 2027 schedule and no official notice was at hand.
 * Deadlines that reach 2027 therefore come out provisional until it is added
 * here (together with a new NATIONAL_CALENDAR_VERSION).
 */

/** 2025: from chinese-days 1.5.7, which cites the notice; checked against the notice's text. */
const SCHEDULE_2025: HolidaySchedule = {
  year: 2025,
  source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
  off: [
    // 元旦 New Year: 1 day, no swap
    '2025-01-01',
    // 春节 Spring Festival: Jan 28 – Feb 4
    '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31',
    '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04',
    // 清明节 Qingming: Apr 4–6
    '2025-04-04', '2025-04-05', '2025-04-06',
    // 劳动节 Labour Day: May 1–5
    '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05',
    // 端午节 Dragon Boat: May 31 – Jun 2
    '2025-05-31', '2025-06-01', '2025-06-02',
    // 国庆节、中秋节 National Day with Mid-Autumn: Oct 1–8
    '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04',
    '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08',
  ],
  work: [
    '2025-01-26', // Sun, Spring Festival
    '2025-02-08', // Sat, Spring Festival
    '2025-04-27', // Sun, Labour Day
    '2025-09-28', // Sun, National Day
    '2025-10-11', // Sat, National Day
  ],
};

/** 2026: from the project reference reference/holidays.md (authoritative), equal to chinese-days 1.5.7. */
const SCHEDULE_2026: HolidaySchedule = {
  year: 2026,
  source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日，新华社受权发布）',
  off: [
    // 元旦 New Year: Jan 1–3
    '2026-01-01', '2026-01-02', '2026-01-03',
    // 春节 Spring Festival: Feb 15–23
    '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
    '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    // 清明节 Qingming: Apr 4–6
    '2026-04-04', '2026-04-05', '2026-04-06',
    // 劳动节 Labour Day: May 1–5
    '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
    // 端午节 Dragon Boat: Jun 19–21
    '2026-06-19', '2026-06-20', '2026-06-21',
    // 中秋节 Mid-Autumn: Sep 25–27
    '2026-09-25', '2026-09-26', '2026-09-27',
    // 国庆节 National Day: Oct 1–7
    '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04',
    '2026-10-05', '2026-10-06', '2026-10-07',
  ],
  work: [
    '2026-01-04', // Sun, New Year
    '2026-02-14', // Sat, Spring Festival
    '2026-02-28', // Sat, Spring Festival
    '2026-05-09', // Sat, Labour Day
    '2026-09-20', // Sun, National Day
    '2026-10-10', // Sat, National Day
  ],
};

/** National schedules loaded by default; years not listed here are unloaded. */
export const NATIONAL_SCHEDULES: HolidaySchedule[] = [SCHEDULE_2025, SCHEDULE_2026];

/**
 * Version pinned by procedures that use the national calendar (ARCHITECTURE
 * decision 6). Bump the suffix whenever the data above changes, and name the
 * loaded years, so a pinned version always means the same days.
 */
export const NATIONAL_CALENDAR_VERSION = 'cn-national-2025-2026@1';
