import { ansiblePathCases } from './cases/ansible-paths.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible path filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansiblePathCases)
})
