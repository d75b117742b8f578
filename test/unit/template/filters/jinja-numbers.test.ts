import { jinjaNumberCases } from './cases/jinja-numbers.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Jinja2 number filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(jinjaNumberCases)
})
