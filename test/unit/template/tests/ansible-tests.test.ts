import { ansibleTestCases } from './cases/ansible-tests.js'
import { runTestCases } from '../filters/cases/run.js'

describe('tests: Ansible tests (expectations from ansible-core 2.14)', () => {
  runTestCases(ansibleTestCases)
})
