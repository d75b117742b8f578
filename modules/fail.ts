// fail: end the host's run with a message (usually under a `when:`).
import { defineModule } from '../engine/module.js'

export default defineModule<{ msg: unknown }>({
  name: 'fail',
  description: 'Fail the task with a custom message. Runs on the controller and changes nothing.',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      msg: { default: 'Failed as requested from task', description: 'The message of the failure.' },
    },
  },
  examples: [
    `- name: Refuse to run without nested KVM
  fail:
    msg: "nested KVM is off on {{ inventory_hostname }}"
  when: not nested_kvm | bool`,
  ],
  async run(_host, p) {
    return { kind: 'fail', result: { msg: p.msg } }
  },
})
