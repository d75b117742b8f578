import { ansibleEncodingCases } from './cases/ansible-encoding.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible encoding and hashing filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansibleEncodingCases)
})
