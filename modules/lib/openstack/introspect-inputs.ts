// The inputs of node_introspect read from the target: credentials (auth mapping and/or
// an rc file such as stackrc, parsed, never sourced) and the node list (inline or an
// instackenv.json/YAML file). Problems come back as messages naming file and line.
import { parse as parseYaml } from 'yaml'
import type { Host } from '../../../engine/module.js'
import { nodeSpec, type NodeInput, type NodeSpec } from './instackenv.js'
import { parseRcFile } from './rc-file.js'

export interface InputParams {
  nodes?: NodeInput[]
  nodes_file?: string
  rc_file?: string
  auth?: Record<string, string>
  manual_driver: string
}

async function readTarget(host: Host, path: string, what: string): Promise<string> {
  try {
    return await host.read(path)
  } catch (e) {
    const code = (e as { code?: string }).code
    throw new Error(code === 'ENOENT' ? `${what} ${path} does not exist on ${host.name}` : `cannot read ${what} ${path}: ${(e as Error).message}`)
  }
}

/** The environment every openstack command gets: rc file variables, then auth on top. */
export async function loadAuthEnv(host: Host, p: InputParams): Promise<Record<string, string>> {
  let env: Record<string, string> = {}
  if (p.rc_file) {
    const rc = parseRcFile(await readTarget(host, p.rc_file, 'rc_file'))
    if (rc.problems.length) throw new Error(rc.problems.map((x) => `${p.rc_file}:${x.line}: ${x.message}`).join('; '))
    env = rc.env
  }
  return { ...env, ...p.auth }
}

/** The node list, from `nodes` or `nodes_file` ({"nodes": [...]} or a bare list). */
export async function loadNodeSpecs(host: Host, p: InputParams): Promise<NodeSpec[]> {
  let inputs = p.nodes
  if (!inputs && p.nodes_file) {
    const text = await readTarget(host, p.nodes_file, 'nodes_file')
    let data: unknown
    try {
      data = parseYaml(text) // YAML is a superset of JSON: instackenv.json parses too
    } catch (e) {
      throw new Error(`nodes_file ${p.nodes_file} is neither JSON nor YAML: ${(e as Error).message}`)
    }
    const list = Array.isArray(data) ? data : (data as { nodes?: unknown } | null)?.nodes
    if (!Array.isArray(list)) throw new Error(`nodes_file ${p.nodes_file} holds no node list (expected {"nodes": [...]} as in instackenv.json, or a list)`)
    inputs = list as NodeInput[]
  }
  if (!inputs) throw new Error('give the nodes either inline (nodes) or in a file on the target (nodes_file)')
  const specs = inputs.map((n, i) => nodeSpec(n, i, p.manual_driver))
  const problems = specs.filter((s): s is string => typeof s === 'string')
  if (problems.length) throw new Error(problems.join('; '))
  const names = (specs as NodeSpec[]).map((s) => s.name)
  const twice = names.filter((n, i) => names.indexOf(n) !== i)
  if (twice.length) throw new Error(`node names must be unique; listed more than once: ${[...new Set(twice)].join(', ')}`)
  return specs as NodeSpec[]
}
