import { ansibleStringCases } from './cases/ansible-strings.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible comment and split filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansibleStringCases)
})
