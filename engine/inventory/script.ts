// Dynamic inventory scripts: an executable run with `--list` that prints JSON such as
//
//   { "web": { "hosts": ["w1", "w2"], "vars": {...}, "children": [...] },
//     "db": ["d1"],
//     "_meta": { "hostvars": { "w1": {...} } } }
//
// Without `_meta.hostvars` the script is asked `--host NAME` for each host, as ansible does.

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import pLimit from 'p-limit'
import { ParseError } from '../errors.js'
import { GraphError, type InventoryGraph } from './graph.js'
import { loadDataFile } from './yaml-data.js'

const run = promisify(execFile)
/** Scripts answering `--host` are independent processes: a few may run at once. */
const HOST_QUERY_CONCURRENCY = 4

export async function parseInventoryScript(path: string, graph: InventoryGraph, cwd: string): Promise<void> {
  const output = await runScript(path, ['--list'], cwd)
  let data: unknown
  try {
    data = JSON.parse(output)
  } catch (err) {
    throw new ParseError(`failed to parse executable inventory script results from ${path}: ${(err as Error).message}`)
  }
  if (!isObject(data)) throw new ParseError(`failed to parse executable inventory script results from ${path}: needs to be a json dict`)
  try {
    const hosts = new Set<string>()
    for (const [group, groupData] of Object.entries(data)) {
      if (group !== '_meta') addScriptGroup(graph, group, groupData, hosts)
    }
    await setScriptHostVars(path, graph, cwd, hosts, metaHostVars(data._meta))
  } catch (err) {
    if (err instanceof GraphError) throw new ParseError(`${path}: ${err.message}`)
    throw err
  }
}

function metaHostVars(meta: unknown): Record<string, unknown> | undefined {
  if (meta === undefined) return undefined
  if (!isObject(meta)) throw new ParseError(`Improperly formatted _meta in inventory script output: expected a mapping`)
  if (!('hostvars' in meta)) return undefined
  if (!isObject(meta.hostvars)) throw new ParseError(`Improperly formatted host information: _meta.hostvars must be a mapping`)
  return meta.hostvars
}

/** One group of the `--list` output; a bare list is its hosts, a mapping without hosts/vars/children its vars. */
function addScriptGroup(graph: InventoryGraph, group: string, raw: unknown, hosts: Set<string>): void {
  graph.addGroup(group)
  let data: Record<string, unknown>
  if (!isObject(raw)) data = { hosts: raw }
  else if (!('hosts' in raw || 'vars' in raw || 'children' in raw)) data = { hosts: [group], vars: raw }
  else data = raw
  if ('hosts' in data) {
    if (!Array.isArray(data.hosts)) throw new ParseError(`You defined a group '${group}' with bad data for the host list: ${JSON.stringify(data.hosts)}`)
    for (const host of data.hosts) {
      if (typeof host !== 'string') throw new ParseError(`Invalid host name in group '${group}': ${JSON.stringify(host)}`)
      hosts.add(host)
      graph.addHost(host, group)
    }
  }
  if ('vars' in data) {
    if (!isObject(data.vars)) throw new ParseError(`You defined a group '${group}' with bad data for variables: ${JSON.stringify(data.vars)}`)
    for (const [key, value] of Object.entries(data.vars)) graph.setVariable(group, key, value)
  }
  if ('children' in data) {
    if (!Array.isArray(data.children)) throw new ParseError(`You defined a group '${group}' with bad data for its children: ${JSON.stringify(data.children)}`)
    for (const child of data.children) {
      graph.addGroup(String(child))
      graph.addChild(group, String(child))
    }
  }
}

async function setScriptHostVars(
  path: string,
  graph: InventoryGraph,
  cwd: string,
  hosts: Set<string>,
  fromMeta: Record<string, unknown> | undefined,
): Promise<void> {
  const limit = pLimit(HOST_QUERY_CONCURRENCY)
  const found = await Promise.all(
    [...hosts].map((host) => limit(async () => [host, fromMeta ? (fromMeta[host] ?? {}) : await queryHost(path, host, cwd)] as const)),
  )
  for (const [host, vars] of found) {
    if (!isObject(vars)) throw new ParseError(`Invalid data from ${path} for host ${host}: expected a mapping, got ${JSON.stringify(vars)}`)
    for (const [key, value] of Object.entries(vars)) graph.setVariable(host, key, value)
  }
}

async function queryHost(path: string, host: string, cwd: string): Promise<unknown> {
  const output = await runScript(path, ['--host', host], cwd)
  if (output.trim() === '') return {}
  try {
    return loadDataFile(output, `${path} --host ${host}`)
  } catch (err) {
    throw new ParseError(`could not parse the host variables ${path} printed for --host ${host}: ${(err as Error).message}`)
  }
}

async function runScript(path: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(path, args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' })
    return stdout
  } catch (err) {
    const failure = err as NodeJS.ErrnoException & { stderr?: string; code?: unknown }
    const detail = failure.stderr?.trim() || failure.message
    throw new ParseError(`Inventory script (${path} ${args.join(' ')}) had an execution error: ${detail}`)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
