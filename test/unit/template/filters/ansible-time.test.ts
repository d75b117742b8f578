import { ansibleTimeCases } from './cases/ansible-time.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible time filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansibleTimeCases)
})
