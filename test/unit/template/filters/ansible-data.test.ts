import { ansibleDataCases } from './cases/ansible-data.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible data-structure filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansibleDataCases)
})
