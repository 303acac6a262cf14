import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
// Ant Design's date pickers name months and weekdays in the locale dayjs knows: loaded with dayjs
// itself, on the pages that show times (a page without any, like the dashboard, loads neither).
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every date people read is Beijing time, whatever the browser's zone. */
export const TZ = 'Asia/Shanghai';

export const beijing = (iso: string | undefined, withTime = true): string =>
  iso ? dayjs(iso).tz(TZ).format(withTime ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD') : '';

/** Whole days from now until `iso` (negative when past), counted on Beijing calendar days. */
export function daysLeft(iso: string, now = Date.now()): number {
  const due = dayjs(iso).tz(TZ).startOf('day');
  const today = dayjs(now).tz(TZ).startOf('day');
  return due.diff(today, 'day');
}
