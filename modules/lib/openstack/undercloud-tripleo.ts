// The TripleO undercloud: undercloud.conf rendered from `config` in the stack user's
// home, then `openstack undercloud install` run as that user, its output streamed as
// progress. Installed (stackrc present) with the same undercloud.conf means nothing to do.
import { change, ok, type Host, type ModuleContext, type ModuleOutcome, type ModuleResult } from '../../../engine/module.js'
import { applyFailure, readIfExists } from '../system/target.js'
import { renderIni, type IniConfig } from './ini-render.js'
import { lineProgress } from './line-progress.js'

export interface TripleoParams {
  config: IniConfig
  stack_user: string
  home?: string
  become: boolean
  force: boolean
  openstack_bin: string
  install_timeout: number
}

const TAIL_LINES = 40

export async function planTripleo(host: Host, p: TripleoParams, ctx: ModuleContext): Promise<ModuleOutcome> {
  const home = p.home ?? `/home/${p.stack_user}`
  const confPath = `${home}/undercloud.conf`
  const stackrc = `${home}/stackrc`
  const wanted = renderIni(p.config)
  const [current, installed] = await Promise.all([readIfExists(host, confPath), host.stat(stackrc)])
  const result: ModuleResult = { flavor: 'tripleo', config_file: confPath, rc_file: stackrc }
  if (installed && current === wanted && !p.force) return ok(result)
  const reason = !installed ? 'not installed yet (no stackrc)' : current !== wanted ? 'undercloud.conf changed' : 'force'
  return change({
    ...result,
    reason,
    diff: { before: current ?? '', after: wanted, before_header: confPath, after_header: confPath },
    apply: async () => {
      if (current !== wanted) await host.write(confPath, wanted, { mode: 0o600, ...(p.become ? { owner: p.stack_user } : {}) })
      return runInstall(host, p, home, ctx)
    },
  })
}

async function runInstall(host: Host, p: TripleoParams, home: string, ctx: ModuleContext): Promise<ModuleResult> {
  const lines = lineProgress(ctx.progress)
  ctx.progress(`openstack undercloud install started as ${p.stack_user}`)
  const r = await host.exec([p.openstack_bin, 'undercloud', 'install'], {
    cwd: home,
    become: p.become ? { method: 'sudo', user: p.stack_user } : false,
    onStdout: lines.onStdout,
    timeoutMs: p.install_timeout * 1000,
  })
  lines.flush()
  // The whole log is in ~/install-undercloud.log on the target; the result keeps its end.
  const tail = r.stdout.split('\n').slice(-TAIL_LINES).join('\n')
  if (r.rc !== 0) {
    const why = r.timedOut ? `timed out after ${p.install_timeout}s` : `failed (rc ${r.rc})`
    return applyFailure(`openstack undercloud install ${why}: ${(r.stderr.trim().split('\n').pop() ?? '') || 'see stdout'}`, { rc: r.rc, stdout: tail, stderr: r.stderr })
  }
  return { rc: 0, stdout: tail }
}
