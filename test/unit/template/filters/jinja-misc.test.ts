import { jinjaMiscCases } from './cases/jinja-misc.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Jinja2 attr/default/pprint/tojson (expectations from ansible-core 2.14)', () => {
  runFilterCases(jinjaMiscCases)
})
