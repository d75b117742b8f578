// Power state changes of a domain. A graceful shutdown is asynchronous in libvirt (the
// guest acts on an ACPI event), so the step waits until the domain is off.
import type { ExecResult } from '../../../engine/connection/connection.js'
import type { Host } from '../../../engine/module.js'
import type { DomainState } from './domain-params.js'
import { isActive } from './domain-probe.js'
import { virshStep, type Step } from './steps.js'
import { virsh } from './virsh.js'

export interface PowerRequest {
  name: string
  uri: string
  state: DomainState
  shutdownTimeoutSec: number
  /** How often to ask for the state while waiting (ms). */
  pollMs?: number
}

/** The steps from the current state word to the requested state, and the state after them. */
export function powerSteps(host: Host, req: PowerRequest, current: string): { steps: Step[]; stateAfter: string } {
  const label = `domain '${req.name}'`
  switch (req.state) {
    case 'running':
      if (current === 'paused') return { steps: [virshStep(host, req.uri, `resume ${label}`, ['resume', req.name])], stateAfter: 'running' }
      if (!isActive(current)) return { steps: [virshStep(host, req.uri, `start ${label}`, ['start', req.name])], stateAfter: 'running' }
      return { steps: [], stateAfter: current }
    case 'shutdown':
      if (!isActive(current)) return { steps: [], stateAfter: current || 'shut off' }
      return { steps: [{ action: `shut down ${label}`, run: () => shutdownAndWait(host, req) }], stateAfter: 'shut off' }
    case 'destroyed':
      if (!isActive(current)) return { steps: [], stateAfter: current || 'shut off' }
      return { steps: [virshStep(host, req.uri, `power off ${label}`, ['destroy', req.name])], stateAfter: 'shut off' }
    default:
      return { steps: [], stateAfter: current || 'shut off' }
  }
}

async function shutdownAndWait(host: Host, req: PowerRequest): Promise<ExecResult> {
  const asked = await virsh(host, req.uri, ['shutdown', req.name])
  if (asked.rc !== 0) return asked
  const deadline = Date.now() + req.shutdownTimeoutSec * 1000
  for (;;) {
    const state = await virsh(host, req.uri, ['domstate', req.name])
    if (state.rc === 0 && state.stdout.trim() === 'shut off') return state
    if (Date.now() >= deadline) break
    await new Promise((resolve) => setTimeout(resolve, req.pollMs ?? 1000))
  }
  return {
    rc: 1,
    stdout: '',
    stderr: `still running after ${req.shutdownTimeoutSec} s: the guest did not act on the ACPI shutdown (no OS, or no ACPI support); use state: destroyed to power it off`,
  }
}
