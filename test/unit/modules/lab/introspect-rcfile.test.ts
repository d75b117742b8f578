// rc files (stackrc) read without a shell: which lines give OS_* variables, which are refused.
import { expect } from 'chai'
import { parseRcFile } from '../../../../modules/lib/openstack/rc-file.js'

const cases: { line: string; env?: Record<string, string>; problem?: RegExp }[] = [
  { line: 'export OS_AUTH_TYPE=none', env: { OS_AUTH_TYPE: 'none' } },
  { line: "export OS_PASSWORD='a $b \"c\"'", env: { OS_PASSWORD: 'a $b "c"' } },
  { line: 'export OS_AUTH_URL="https://192.0.2.1:13000"', env: { OS_AUTH_URL: 'https://192.0.2.1:13000' } },
  { line: '  export OS_CLOUD=undercloud  # the cloud', env: { OS_CLOUD: 'undercloud' } },
  { line: 'export OS_X=a\\ b', env: { OS_X: 'a b' } },
  { line: 'export OS_PROJECT_NAME=', env: { OS_PROJECT_NAME: '' } },
  { line: 'export NOVA_VERSION=1.1', env: {} },
  { line: 'OS_USERNAME=admin', env: {} },
  { line: '# export OS_USERNAME=admin', env: {} },
  { line: 'export OS_PASSWORD=$(sudo hiera admin_password)', problem: /^OS_PASSWORD is computed by the shell/ },
  { line: 'export OS_TOKEN="$TOKEN"', problem: /OS_TOKEN/ },
  { line: 'export OS_TOKEN=`cat /tok`', problem: /OS_TOKEN/ },
]

describe('rc file parsing (node_introspect credentials)', () => {
  for (const c of cases) {
    it(c.line, () => {
      const rc = parseRcFile(`#!/bin/sh\n${c.line}\n`)
      if (c.problem) {
        expect(rc.problems).to.have.length(1)
        expect(rc.problems[0]!.line).to.equal(2)
        expect(rc.problems[0]!.message).to.match(c.problem)
      } else {
        expect(rc.problems).to.deep.equal([])
        expect(rc.env).to.deep.equal(c.env)
      }
    })
  }
})
