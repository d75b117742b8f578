import { jinjaTestCases } from './cases/jinja-tests.js'
import { runTestCases } from '../filters/cases/run.js'

describe('tests: Jinja2 builtin tests (expectations from ansible-core 2.14)', () => {
  runTestCases(jinjaTestCases)
})
