// A task mapping → which module it runs, that module's arguments, and the task's
// keywords — every form Ansible accepts (`copy: src=a`, `copy: {src: a}`, `action:`,
// `local_action:`, `args:`), with Ansible's errors at the position of the key at fault.
import { ParseError, withPos, type SourcePos } from '../errors.js'
import { assignKey } from './assign-key.js'
import { describeValue } from './describe-value.js'
import { didYouMean, suggestionSuffix } from './did-you-mean.js'
import { checkKeywordTypes, requireMapping } from './keyword-check.js'
import { HANDLER_KEYWORDS, INCLUDE_KEYWORDS, TASK_KEYWORDS, type KeywordTable } from './keyword-tables.js'
import { isTemplate } from './keyword-types.js'
import { parseKv, splitArgs } from './kv.js'
import { copyPos, getKeyPos, getPos } from './position.js'

/** Is `name` a module? `true`, or the canonical name to use for it (e.g. for a collection FQCN). */
export type ModuleLookup = (name: string) => boolean | string

export interface SplitTaskOptions {
  /** The task is a handler: `listen` is allowed. Left out: allowed (the caller knows better). */
  handler?: boolean
  /** Module names for "did you mean" when a module name is misspelled. */
  moduleNames?: Iterable<string>
  /** Modules (beyond Ansible's own list) that take free-form text as `_raw_params`. */
  takesRawParams?: (action: string) => boolean
  /** File for positions when the task has none recorded. */
  file?: string
}

export interface SplitTask {
  /** Module or action name, `ansible.builtin.`/`ansible.legacy.` removed. */
  action: string
  args: Record<string, unknown>
  /** Everything else (name, when, loop, with_items, …); local_action adds delegate_to: localhost. */
  keywords: Record<string, unknown>
}

/** Actions that exist whatever modules are registered. */
const BUILTIN_ACTIONS = new Set([
  'include_tasks', 'import_tasks', 'include_role', 'import_role', 'include_vars', 'include', 'import_playbook', 'meta',
])
/** Modules whose k=v text is a command line: only their own few options are taken out of it. */
const COMMAND_ACTIONS = new Set(['command', 'shell', 'raw', 'script', 'win_command', 'win_shell'])
/** Actions that may take free-form text (`_raw_params`). */
const RAW_PARAM_ACTIONS = new Set([
  ...COMMAND_ACTIONS, 'include', 'include_vars', 'include_tasks', 'include_role', 'import_tasks', 'import_role',
  'add_host', 'group_by', 'set_fact', 'meta',
])
const CMD_ACTIONS = new Set(['command', 'shell', 'script'])
const FQCN_PREFIX = /^ansible\.(?:builtin|legacy)\./

/** Where in the task something was written. */
class TaskSource {
  constructor(
    readonly raw: Record<string, unknown>,
    private readonly file: string,
  ) {}

  at(key?: string): SourcePos {
    return (key === undefined ? undefined : getKeyPos(this.raw, key)) ?? getPos(this.raw) ?? { file: this.file, line: 1, column: 1 }
  }

  error(message: string, key?: string, hint?: string): ParseError {
    return new ParseError(message, { pos: this.at(key), hint })
  }
}

interface FoundAction {
  action: string
  args: Record<string, unknown>
  /** The task key it came from (`action`, `local_action` or the module name as written). */
  key: string
}

/** Split a task into its action, the action's arguments and the task keywords. */
export function splitTask(raw: Record<string, unknown>, isModule: ModuleLookup, opts: SplitTaskOptions = {}): SplitTask {
  const file = opts.file ?? getPos(raw)?.file ?? '<task>'
  requireMapping(raw, 'A task', file)
  const source = new TaskSource(raw, file)
  const table = opts.handler === false ? TASK_KEYWORDS : HANDLER_KEYWORDS
  const found = findAction(source, table, isModule, opts)
  const args = mergeArgs(source, found)
  checkRawParams(source, found, args, opts)
  const keywords = taskKeywords(raw, found)
  checkTaskKeywords(source, found, keywords, table, opts.handler === true ? 'Handler' : 'Task')
  return { action: found.action, args, keywords }
}

/** The module a key names, if it names one. */
function resolveAction(key: string, isModule: ModuleLookup): string | undefined {
  const name = key.replace(FQCN_PREFIX, '')
  if (BUILTIN_ACTIONS.has(name)) return name
  const answer = isModule(name)
  if (typeof answer === 'string') return answer
  return answer ? name : undefined
}

function findAction(source: TaskSource, table: KeywordTable, isModule: ModuleLookup, opts: SplitTaskOptions): FoundAction {
  const { raw } = source
  let found: FoundAction | undefined
  if ('action' in raw) found = oldStyleAction(source, 'action', isModule)
  if ('local_action' in raw) {
    if (found) throw source.error('action and local_action are mutually exclusive', 'local_action')
    found = oldStyleAction(source, 'local_action', isModule)
  }
  const unknown: string[] = []
  for (const key of Object.keys(raw)) {
    if (Object.hasOwn(table, key) || key.startsWith('with_')) continue
    const action = resolveAction(key, isModule)
    if (action === undefined) {
      unknown.push(key)
      continue
    }
    if (found) throw source.error(`conflicting action statements: ${found.action}, ${key}`, key)
    found = { action, args: newStyleArgs(source, action, key), key }
  }
  if (unknown.length > 0) throw unknownKeyError(source, unknown, found !== undefined, table, opts)
  if (!found) throw source.error('no module/action detected in task.')
  return found
}

function unknownKeyError(source: TaskSource, unknown: string[], haveAction: boolean, table: KeywordTable, opts: SplitTaskOptions): ParseError {
  const owner = opts.handler === true ? 'Handler' : 'Task'
  const keywords = Object.keys(table)
  const candidates = [...keywords, ...(opts.moduleNames ?? []), ...BUILTIN_ACTIONS]
  // A key nearest to a keyword is a misspelled keyword; report it before a misspelled module.
  const isKeywordTypo = (key: string) => {
    const nearest = didYouMean(key, candidates)
    return nearest !== undefined && Object.hasOwn(table, nearest)
  }
  const key = unknown.find(isKeywordTypo) ?? unknown[0]!
  const suggestion = suggestionSuffix(key, candidates)
  if (haveAction || isKeywordTypo(key)) return source.error(`'${key}' is not a valid attribute for a ${owner}${suggestion}`, key)
  return source.error(
    `couldn't resolve module/action '${key}'. This often indicates a misspelling, missing collection, or incorrect module path${suggestion || '.'}`,
    key,
  )
}

/** `copy: src=a dest=b`, `copy: {src: a}` or `ping:` → the module's arguments. */
function newStyleArgs(source: TaskSource, action: string, key: string): Record<string, unknown> {
  const value = source.raw[key]
  if (value === null || value === undefined) return {}
  if (typeof value === 'string') return kvArgs(source, value, action, key)
  if (typeof value === 'object' && !Array.isArray(value)) return copyMapping(value as Record<string, unknown>)
  throw source.error(`the arguments of '${action}' must be a mapping or a 'k=v' string, but they are ${describeValue(value)}`, key)
}

function kvArgs(source: TaskSource, text: string, action: string, key: string): Record<string, unknown> {
  try {
    return parseKv(text, { checkRaw: COMMAND_ACTIONS.has(action) })
  } catch (err) {
    throw withPos(err, source.at(key))
  }
}

function copyMapping(value: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...value }
  copyPos(value, copy)
  return copy
}

/** `action: copy src=a` or `action: {module: copy, src: a}` (also for local_action). */
function oldStyleAction(source: TaskSource, key: string, isModule: ModuleLookup): FoundAction {
  const value = source.raw[key]
  let moduleText: string
  let extra: Record<string, unknown> = {}
  if (typeof value === 'string') {
    moduleText = value
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as Record<string, unknown>).module === 'string') {
    const { module, ...rest } = value as Record<string, unknown>
    moduleText = module as string
    extra = rest
  } else {
    throw source.error(`'${key}' must name a module, as in '${key}: copy src=a dest=b' or '${key}: {module: copy, src: a}'`, key)
  }
  const words = splitWords(source, moduleText, key)
  if (words.length === 0) throw source.error(`'${key}' must name a module`, key)
  const name = words[0]!.trim()
  const action = resolveAction(name, isModule)
  if (action === undefined) {
    throw source.error(`couldn't resolve module/action '${name}'. This often indicates a misspelling, missing collection, or incorrect module path.`, key)
  }
  const args: Record<string, unknown> = { ...extra, ...kvArgs(source, words.slice(1).join(' '), action, key) }
  const nested = args.args
  if (nested !== undefined) {
    delete args.args
    Object.assign(args, typeof nested === 'string' ? kvArgs(source, nested, action, key) : nested)
  }
  return { action, args, key }
}

function splitWords(source: TaskSource, text: string, key: string): string[] {
  try {
    return splitArgs(text)
  } catch (err) {
    throw withPos(err, source.at(key))
  }
}

/** The task's `args:` under the module's own arguments (which win). */
function mergeArgs(source: TaskSource, found: FoundAction): Record<string, unknown> {
  const extra = source.raw.args
  let base: Record<string, unknown> = {}
  if (typeof extra === 'string') {
    if (!isTemplate(extra)) {
      throw source.error(
        "Complex args containing variables cannot use bare variables (without Jinja2 delimiters), and must use the full variable style ('{{var_name}}')",
        'args',
      )
    }
    base = { _variable_params: extra }
  } else if (extra !== null && typeof extra === 'object' && !Array.isArray(extra)) {
    base = copyMapping(extra as Record<string, unknown>)
  } else if (extra !== undefined && extra !== null) {
    throw source.error('Complex args must be a dictionary or variable string ("{{var}}").', 'args')
  }
  const args = { ...base, ...found.args }
  copyPos(found.args, args)
  if (!COMMAND_ACTIONS.has(found.action)) {
    const internal = Object.keys(args).find((k) => k.startsWith('_ansible_'))
    if (internal) throw source.error(`invalid parameter specified for action '${found.action}': '${internal}'`, found.key)
  }
  return args
}

/** Free-form text only where the action takes it; `cmd:` is the command's free form too. */
function checkRawParams(source: TaskSource, found: FoundAction, args: Record<string, unknown>, opts: SplitTaskOptions): void {
  const { action } = found
  if (CMD_ACTIONS.has(action) && 'cmd' in args) {
    if (args._raw_params !== undefined && args._raw_params !== '') {
      throw source.error(
        "The 'cmd' argument cannot be used when other raw parameters are specified. Please put everything in one or the other place.",
        found.key,
      )
    }
    args._raw_params = args.cmd
    delete args.cmd
  }
  const rawParams = args._raw_params
  if (rawParams === undefined || rawParams === '' || RAW_PARAM_ACTIONS.has(action) || opts.takesRawParams?.(action)) return
  delete args._raw_params
  // `debug: "{{ settings }}"`: a template that must yield the arguments mapping.
  if (isTemplate(rawParams)) {
    args._variable_params = rawParams
    return
  }
  throw source.error(
    `this task '${action}' has extra params, which is only allowed in the following modules: ${[...RAW_PARAM_ACTIONS].join(', ')}`,
    found.key,
    "write the arguments as 'key=value' pairs or as a mapping",
  )
}

function taskKeywords(raw: Record<string, unknown>, found: FoundAction): Record<string, unknown> {
  const keywords: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (key === found.key || key === 'action' || key === 'local_action' || key === 'args') continue
    assignKey(keywords, key, value)
  }
  if (found.key === 'local_action') keywords.delegate_to = 'localhost'
  return keywords
}

function checkTaskKeywords(
  source: TaskSource,
  found: FoundAction,
  keywords: Record<string, unknown>,
  table: KeywordTable,
  owner: 'Task' | 'Handler',
): void {
  checkKeywordTypes(source.raw, owner, source.at().file, table)
  checkLoops(source, found, keywords)
  if (found.action === 'include_tasks' || found.action === 'include_role') {
    // A handler that is an include may still answer to a `listen` topic.
    const allowed = (k: string) => INCLUDE_KEYWORDS.has(k) || k.startsWith('with_') || (found.key === 'local_action' && k === 'delegate_to') || (owner === 'Handler' && k === 'listen')
    const invalid = Object.keys(keywords).find((k) => !allowed(k))
    if (invalid !== undefined) {
      const className = found.action === 'include_role' ? 'IncludeRole' : 'TaskInclude'
      throw source.error(`'${invalid}' is not a valid attribute for a ${className}`, invalid,
        `keywords for the included tasks go under the '${found.action}' argument 'apply:'`)
    }
  }
}

function checkLoops(source: TaskSource, found: FoundAction, keywords: Record<string, unknown>): void {
  const loops = Object.keys(keywords).filter((k) => k === 'loop' || k.startsWith('with_'))
  for (const key of loops) {
    if (key !== 'loop' && (keywords[key] === null || keywords[key] === undefined)) {
      throw source.error(`you must specify a value when using ${key}`, key)
    }
  }
  if (loops.length > 1) throw source.error(`duplicate loop in task: ${loops[1]!.replace(/^with_/, '')}`, loops[1])
  if (loops.length === 1 && (found.action === 'import_tasks' || found.action === 'import_role')) {
    const include = found.action.replace('import_', 'include_')
    throw source.error(`You cannot use loops on '${found.action}' statements. You should use '${include}' instead.`, loops[0])
  }
}
