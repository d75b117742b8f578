import { ansibleSetCases } from './cases/ansible-sets.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible set and itertools filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansibleSetCases)
})
