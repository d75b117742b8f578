// undercloud_install: the lab's infrastructure manager. flavor tripleo renders
// undercloud.conf and runs `openstack undercloud install` as the stack user (~20 min,
// streamed as progress); flavor ironic sets up a standalone Ironic from Debian packages
// (sqlite, noauth, no message bus) with an rc file like stackrc.
import { defineModule } from '../engine/module.js'
import { planIronic, type IronicParams } from './lib/openstack/undercloud-ironic.js'
import { planTripleo, type TripleoParams } from './lib/openstack/undercloud-tripleo.js'

type UndercloudParams = { flavor: 'tripleo' | 'ironic' } & TripleoParams & IronicParams

export default defineModule<UndercloudParams>({
  name: 'undercloud_install',
  description:
    'Install the undercloud: TripleO (undercloud.conf from config, `openstack undercloud install` as the stack user, idempotent on stackrc and config) ' +
    'or a standalone Ironic from Debian packages (ironic.conf with sqlite and noauth, schema, the all-in-one ironic process under systemd or detached with a pid file, rc file with OS_ENDPOINT).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      flavor: { type: 'string', enum: ['tripleo', 'ironic'], default: 'tripleo', description: 'tripleo: a TripleO undercloud; ironic: a standalone Ironic service.' },
      config: {
        type: 'object',
        default: {},
        description: 'ini settings: scalar keys go into [DEFAULT], mappings are sections (undercloud.conf for tripleo; merged over the defaults of ironic.conf for ironic).',
      },
      force: { type: 'boolean', default: false, description: 'Install again (tripleo) or restart the service (ironic) even when nothing changed.' },
      stack_user: { type: 'string', default: 'stack', description: 'tripleo: the user that runs the install and owns undercloud.conf and stackrc.' },
      home: { type: 'string', description: "tripleo: that user's home (default /home/<stack_user>)." },
      become: { type: 'boolean', default: true, description: 'tripleo: run the install through sudo as stack_user (false when logged in as that user).' },
      openstack_bin: { type: 'string', default: 'openstack', description: 'tripleo: the openstack client command.' },
      install_timeout: { type: 'integer', minimum: 60, default: 7200, description: 'tripleo: seconds the install may take.' },
      packages: {
        type: 'array',
        items: { type: 'string' },
        default: ['ironic-common', 'python3-ironicclient', 'python3-openstackclient'],
        description:
          "ironic: Debian packages to install (apt-get, no recommends). ironic-common holds the all-in-one `ironic` command; Debian's ironic-api and ironic-conductor services are not used and would take the API port.",
      },
      conf_path: { type: 'string', default: '/etc/ironic/ironic.conf', description: 'ironic: the configuration file written.' },
      rc_path: { type: 'string', default: '/root/ironicrc', description: 'ironic: the rc file written for the openstack client (OS_AUTH_TYPE=none, OS_ENDPOINT).' },
      database_path: { type: 'string', default: '/var/lib/ironic/ironic.sqlite', description: 'ironic: the sqlite database (unless config sets [database] connection).' },
      api_port: { type: 'integer', minimum: 1, maximum: 65535, default: 6385, description: 'ironic: API port (unless config sets [api] port).' },
      pid_file: { type: 'string', default: '/run/ironic-standalone.pid', description: 'ironic without systemd: where the pid of the ironic process is kept.' },
      log_file: { type: 'string', default: '/var/log/ironic/ironic-standalone.log', description: 'ironic without systemd: the output of the ironic process.' },
      service_name: { type: 'string', default: 'ironic-standalone', description: 'ironic under systemd: the name of the unit written to /etc/systemd/system.' },
      start_timeout: { type: 'integer', minimum: 1, default: 90, description: 'ironic: seconds the service may take to answer after a start.' },
    },
  },
  examples: [
    `- undercloud_install:
    flavor: tripleo
    config:
      local_ip: 192.168.24.1/24
      undercloud_public_host: 192.168.24.2
      clean_nodes: false
`,
    `- undercloud_install:
    flavor: ironic
    config:
      ipmi: { command_retry_timeout: 20 }
`,
  ],
  run(host, p, ctx) {
    return p.flavor === 'tripleo' ? planTripleo(host, p, ctx) : planIronic(host, p)
  },
})
