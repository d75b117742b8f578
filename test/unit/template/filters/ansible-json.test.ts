import { ansibleJsonCases } from './cases/ansible-json.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible JSON filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansibleJsonCases)
})
