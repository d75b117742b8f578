import { jinjaHtmlCases } from './cases/jinja-html.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Jinja2 HTML filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(jinjaHtmlCases)
})
