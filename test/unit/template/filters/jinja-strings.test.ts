import { jinjaStringCases } from './cases/jinja-strings.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Jinja2 text filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(jinjaStringCases)
})
