import { jinjaListCases } from './cases/jinja-lists.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Jinja2 sequence filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(jinjaListCases)
})
