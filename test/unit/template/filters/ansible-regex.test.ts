import { ansibleRegexCases } from './cases/ansible-regex.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible regex filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansibleRegexCases)
})
