import { expect } from 'chai'
import { filters } from '../../../../engine/template/filters/index.js'
import { PyDatetime, strftime, timeFields } from '../../../../engine/template/filters/python-datetime.js'
import { pythonRepr, pythonStr } from '../../../../engine/template/filters/python-repr.js'

const toDatetime = (text: string) => filters.to_datetime(text, [], {}) as PyDatetime

// Expected values printed by Python 3.11's datetime module.
describe('python-datetime: datetimes from to_datetime', () => {
  it('subtract into a timedelta with days, seconds and total_seconds()', () => {
    const delta = toDatetime('2016-08-14 20:00:12').__sub__(toDatetime('2016-08-14 18:00:00'))
    expect([delta.days, delta.seconds]).to.deep.equal([0, 7212])
    expect(pythonRepr(delta.total_seconds())).to.equal('7212.0') // a float in Python
    expect(pythonStr(delta)).to.equal('2:00:12')
  })

  it('print negative and multi-day differences like Python', () => {
    const back = toDatetime('2016-08-14 18:00:00').__sub__(toDatetime('2016-08-14 20:00:12'))
    expect(pythonStr(back)).to.equal('-1 day, 21:59:48')
    expect(pythonRepr(back)).to.equal('datetime.timedelta(days=-1, seconds=79188)')
    const long = toDatetime('2016-08-20 00:00:00').__sub__(toDatetime('2016-08-14 12:00:00'))
    expect(pythonStr(long)).to.equal('5 days, 12:00:00')
  })

  it('compare in time order and format with strftime', () => {
    const [a, b] = [toDatetime('2016-08-14 20:00:12'), toDatetime('2017-01-01 00:00:00')]
    expect(a < b).to.equal(true)
    expect(a.strftime('%d/%m/%Y %A %j')).to.equal('14/08/2016 Sunday 227')
    expect(a.weekday()).to.equal(6)
    expect(pythonStr(a)).to.equal('2016-08-14 20:00:12')
    expect(a.isoformat()).to.equal('2016-08-14T20:00:12')
  })

  it('strftime on an epoch in UTC', () => {
    expect(strftime('%c', timeFields(0, true))).to.equal('Thu Jan  1 00:00:00 1970')
    expect(strftime('%G-W%V-%u %z %Z', timeFields(1704067200, true))).to.equal('2024-W01-1 +0000 GMT')
  })

  it('keeps unknown directives as written, like glibc', () => {
    expect(strftime('%Q %Y', timeFields(0, true))).to.equal('%Q 1970')
  })

  it('leaves out zero seconds and microseconds from repr, as Python does', () => {
    expect(pythonRepr(new PyDatetime(2020, 1, 2))).to.equal('datetime.datetime(2020, 1, 2, 0, 0)')
    expect(pythonRepr(new PyDatetime(2020, 1, 2, 3, 4, 5, 6))).to.equal('datetime.datetime(2020, 1, 2, 3, 4, 5, 6)')
  })
})
