import { jinjaSelectCases } from './cases/jinja-select.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Jinja2 map/select filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(jinjaSelectCases)
})
