import { ansibleMathCases } from './cases/ansible-math.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible math filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansibleMathCases)
})
