import type { FilterCase } from './case.js'

export const ansibleTimeCases: FilterCase[] = [
  { f: 'strftime', v: '%Y-%m-%d %H:%M:%S', a: [0], kw: { utc: true }, repr: "'1970-01-01 00:00:00'" },
  { f: 'strftime', v: '%a %d %b %Y %j %U %W %V %u %w %I%p %y %C %e|%%', a: [1700000000], kw: { utc: true }, repr: "'Tue 14 Nov 2023 318 46 46 46 2 2 10PM 23 20 14|%'" },
  { f: 'strftime', v: '%s %F %T %D %R', a: ['86400.5'], kw: { utc: true }, repr: "'86400 1970-01-02 00:00:00 01/02/70 00:00'" },
  { f: 'strftime', v: '%Y', a: ['soon'], error: 'Invalid value for epoch value (soon)' },
  { f: 'to_datetime', v: '2016-08-14 20:00:12', repr: "datetime.datetime(2016, 8, 14, 20, 0, 12)" },
  { f: 'to_datetime', v: '20160814', a: ['%Y%m%d'], repr: "datetime.datetime(2016, 8, 14, 0, 0)" },
  { f: 'to_datetime', v: '14 Aug 2016 08:00 PM', a: ['%d %b %Y %I:%M %p'], repr: "datetime.datetime(2016, 8, 14, 20, 0)" },
  { f: 'to_datetime', v: '2016-08-14 20:00:12.5', a: ['%Y-%m-%d %H:%M:%S.%f'], repr: "datetime.datetime(2016, 8, 14, 20, 0, 12, 500000)" },
  { f: 'to_datetime', v: '2016-02-30', a: ['%Y-%m-%d'], error: 'day is out of range for month' },
  { f: 'to_datetime', v: 'nope', error: "time data 'nope' does not match format '%Y-%m-%d %H:%M:%S'" },
]
