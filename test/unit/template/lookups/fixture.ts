// A controller tree for lookup tests: a role and a playbook folder, each with files/
// and templates/, searched role first as Ansible does inside a role.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { LookupContext } from '../../../../engine/template/types.js'
import { Undefined } from '../../../../engine/template/undefined.js'

export const IRONIC_CONF = `[DEFAULT]
debug = True
log_dir = /var/log/ironic
my_ip = 10.0.0.5

[conductor]
api_url = http://%(my_ip)s:6385
deploy_kernel = file:///tftpboot/deploy.kernel
Heartbeat_Timeout = 60
multi = first line
  second line

; a comment
# another
[database]
connection = sqlite:///ironic.sqlite
[pxe]
pxe_append_params = nofb nomodeset vga=normal
literal = 100%%
broken = 50%
`

const FILES: Record<string, string> = {
  'playbook/files/hello.txt': '  hello world \n\n',
  'playbook/files/ironic.conf': IRONIC_CONF,
  'playbook/files/app.properties': 'user.name = admin\nuser.home: /srv/app\n',
  'playbook/files/users.tsv': 'alice\t1000\t/home/alice\nbob\t1001\t/home/bob\n',
  'playbook/files/hosts.csv': 'name,ip,role\nweb1,10.0.0.11,"front, end"\n"db 1",10.0.0.21,"say ""hi"""\n',
  'playbook/files/conf.d/a.conf': 'a',
  'playbook/files/conf.d/b.conf': 'b',
  'playbook/files/conf.d/.hidden.conf': 'h',
  'playbook/templates/greeting.j2': 'Hello {{ name }} from {{ template_path }}!\n',
  'playbook/plain.txt': 'in the playbook folder',
  'playbook/default.yml': 'x: 1\n',
  'role/files/hello.txt': 'hello from the role\n',
  'role/files/role.txt': 'role only',
}

/** Create the tree under a fresh temporary folder (or `root`); returns [role, playbook] search paths. */
export function makeTree(root = mkdtempSync(join(tmpdir(), 'tsplay-lookups-'))): { root: string; searchPaths: string[] } {
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return { root, searchPaths: [join(root, 'role'), join(root, 'playbook')] }
}

/** A LookupContext over `searchPaths`, with a tiny renderer for {{ name }} placeholders. */
export function makeContext(searchPaths: string[], vars: Record<string, unknown> = {}): LookupContext {
  return {
    searchPaths,
    vars,
    findFile(name, kind) {
      for (const base of searchPaths) {
        for (const candidate of kind ? [join(base, kind, name), join(base, name)] : [join(base, name)]) {
          if (existsSync(candidate)) return candidate
        }
      }
      return undefined
    },
    render(template, extraVars) {
      const scope = { ...vars, ...extraVars }
      return template.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => {
        if (!(name in scope)) throw new Undefined(name).error()
        return String(scope[name])
      })
    },
  }
}
