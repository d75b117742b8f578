import { ansibleYamlCases } from './cases/ansible-yaml.js'
import { runFilterCases } from './cases/run.js'

describe('filters: Ansible YAML filters (expectations from ansible-core 2.14)', () => {
  runFilterCases(ansibleYamlCases)
})
