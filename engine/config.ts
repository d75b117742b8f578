// ansible.cfg and ANSIBLE_* environment variables → typed settings, as ansible-core
// 2.14 reads them: the first config file found wins (ANSIBLE_CONFIG, ./ansible.cfg
// unless the directory is world-writable, ~/.ansible.cfg, /etc/ansible/ansible.cfg);
// an environment variable beats the file; the last matching entry of a setting wins;
// unknown keys are ignored. Each value remembers where it came from (for -vvv).
import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { closest } from 'fastest-levenshtein'
import { OptionsError, type SourcePos } from './errors.js'

export interface SettingValues {
  inventory: string[]
  /** tsplay's default is 50 (Ansible's is 5): connections are cheap here. */
  forks: number
  remoteUser: string | undefined
  remotePort: number | undefined
  privateKeyFile: string | undefined
  timeout: number
  hostKeyChecking: boolean
  rolesPath: string[]
  /** Module search path (`library`): custom modules are looked up here too. */
  library: string[]
  logPath: string | undefined
  stdoutCallback: string
  noColor: boolean
  forceColor: boolean
  gathering: 'implicit' | 'explicit' | 'smart'
  gatherSubset: string[] | undefined
  become: boolean
  becomeMethod: string
  becomeUser: string
  becomeAskPass: boolean
  askPass: boolean
  pipelining: boolean
  sshArgs: string
  sshCommonArgs: string
  sshExtraArgs: string
  reconnectionRetries: number
  transport: string
  strategy: string
  anyErrorsFatal: boolean
  forceHandlers: boolean
  errorOnUndefinedVars: boolean
  hashBehaviour: 'replace' | 'merge'
  /** Read for compatibility; tsplay always gives native types to single-expression values. */
  jinja2Native: boolean
  noLog: boolean
  managedStr: string
  vaultPasswordFile: string | undefined
  verbosity: number
  displaySkippedHosts: boolean
  displayOkHosts: boolean
  displayFailedStderr: boolean
  showCustomStats: boolean
  showTaskPathOnFailure: boolean
  checkModeMarkers: boolean
  callbackResultFormat: 'json' | 'yaml'
  callbackFormatPretty: boolean | undefined
  diffContext: number
  diffAlways: boolean
  deprecationWarnings: boolean
  systemWarnings: boolean
  localhostWarning: boolean
  actionWarnings: boolean
  /** Read for compatibility and ignored: tsplay has no Python on the targets. */
  interpreterPython: string
  /** Read for compatibility and ignored: tsplay's inventory formats are built in. */
  inventoryEnabled: string[]
  inventoryUnparsedIsFailed: boolean
  inventoryAnyUnparsedIsFailed: boolean
}

export type SettingName = keyof SettingValues

export interface Settings extends SettingValues {
  /** The ansible.cfg that was read, if any ("config file = …" at -vvv). */
  configFile: string | undefined
  /** Warnings to show once output is set up (e.g. the world-writable directory). */
  warnings: string[]
  /** Where a value came from, in Ansible's words: "default", "env: ANSIBLE_FORKS", or the config file. */
  settingSource(name: SettingName): string
}

type Kind = 'bool' | 'int' | 'str' | 'list' | 'path' | 'pathlist' | 'pathspec'

interface SettingDef {
  kind: Kind
  /** Raw text, converted like a configured value; undefined = unset. */
  default?: string
  /** Later entries win when several are set, as in Ansible. */
  env: string[]
  /** "section.key" */
  ini: string[]
  choices?: readonly string[]
}

const ANSIBLE_HOME = '~/.ansible'

const DEFS: Record<SettingName, SettingDef> = {
  inventory: { kind: 'pathlist', default: '/etc/ansible/hosts', env: ['ANSIBLE_INVENTORY'], ini: ['defaults.inventory'] },
  forks: { kind: 'int', default: '50', env: ['ANSIBLE_FORKS'], ini: ['defaults.forks'] },
  remoteUser: { kind: 'str', env: ['ANSIBLE_REMOTE_USER'], ini: ['defaults.remote_user'] },
  remotePort: { kind: 'int', env: ['ANSIBLE_REMOTE_PORT'], ini: ['defaults.remote_port'] },
  privateKeyFile: { kind: 'path', env: ['ANSIBLE_PRIVATE_KEY_FILE'], ini: ['defaults.private_key_file'] },
  timeout: { kind: 'int', default: '10', env: ['ANSIBLE_TIMEOUT', 'ANSIBLE_SSH_TIMEOUT'], ini: ['defaults.timeout', 'ssh_connection.timeout'] },
  hostKeyChecking: {
    kind: 'bool', default: 'true', env: ['ANSIBLE_HOST_KEY_CHECKING', 'ANSIBLE_SSH_HOST_KEY_CHECKING'],
    ini: ['defaults.host_key_checking', 'ssh_connection.host_key_checking'],
  },
  rolesPath: { kind: 'pathspec', default: `${ANSIBLE_HOME}/roles:/usr/share/ansible/roles:/etc/ansible/roles`, env: ['ANSIBLE_ROLES_PATH'], ini: ['defaults.roles_path'] },
  library: { kind: 'pathspec', default: `${ANSIBLE_HOME}/plugins/modules:/usr/share/ansible/plugins/modules`, env: ['ANSIBLE_LIBRARY'], ini: ['defaults.library'] },
  logPath: { kind: 'path', env: ['ANSIBLE_LOG_PATH', 'TSPLAY_LOG'], ini: ['defaults.log_path'] },
  stdoutCallback: { kind: 'str', default: 'default', env: ['ANSIBLE_STDOUT_CALLBACK'], ini: ['defaults.stdout_callback'] },
  noColor: { kind: 'bool', default: 'false', env: ['ANSIBLE_NOCOLOR', 'NO_COLOR'], ini: ['defaults.nocolor'] },
  forceColor: { kind: 'bool', default: 'false', env: ['ANSIBLE_FORCE_COLOR'], ini: ['defaults.force_color'] },
  gathering: { kind: 'str', default: 'implicit', env: ['ANSIBLE_GATHERING'], ini: ['defaults.gathering'], choices: ['implicit', 'explicit', 'smart'] },
  gatherSubset: { kind: 'list', env: ['ANSIBLE_GATHER_SUBSET'], ini: ['defaults.gather_subset'] },
  become: { kind: 'bool', default: 'false', env: ['ANSIBLE_BECOME'], ini: ['privilege_escalation.become'] },
  becomeMethod: { kind: 'str', default: 'sudo', env: ['ANSIBLE_BECOME_METHOD'], ini: ['privilege_escalation.become_method'] },
  becomeUser: { kind: 'str', default: 'root', env: ['ANSIBLE_BECOME_USER'], ini: ['privilege_escalation.become_user'] },
  becomeAskPass: { kind: 'bool', default: 'false', env: ['ANSIBLE_BECOME_ASK_PASS'], ini: ['privilege_escalation.become_ask_pass'] },
  askPass: { kind: 'bool', default: 'false', env: ['ANSIBLE_ASK_PASS'], ini: ['defaults.ask_pass'] },
  pipelining: {
    kind: 'bool', default: 'false', env: ['ANSIBLE_PIPELINING', 'ANSIBLE_SSH_PIPELINING'],
    ini: ['defaults.pipelining', 'connection.pipelining', 'ssh_connection.pipelining'],
  },
  sshArgs: { kind: 'str', default: '-C -o ControlMaster=auto -o ControlPersist=60s', env: ['ANSIBLE_SSH_ARGS'], ini: ['ssh_connection.ssh_args'] },
  sshCommonArgs: { kind: 'str', default: '', env: ['ANSIBLE_SSH_COMMON_ARGS'], ini: ['ssh_connection.ssh_common_args'] },
  sshExtraArgs: { kind: 'str', default: '', env: ['ANSIBLE_SSH_EXTRA_ARGS'], ini: ['ssh_connection.ssh_extra_args'] },
  reconnectionRetries: { kind: 'int', default: '0', env: ['ANSIBLE_SSH_RETRIES'], ini: ['connection.retries', 'ssh_connection.retries'] },
  transport: { kind: 'str', default: 'smart', env: ['ANSIBLE_TRANSPORT'], ini: ['defaults.transport'] },
  strategy: { kind: 'str', default: 'linear', env: ['ANSIBLE_STRATEGY'], ini: ['defaults.strategy'] },
  anyErrorsFatal: { kind: 'bool', default: 'false', env: ['ANSIBLE_ANY_ERRORS_FATAL'], ini: ['defaults.any_errors_fatal'] },
  forceHandlers: { kind: 'bool', default: 'false', env: ['ANSIBLE_FORCE_HANDLERS'], ini: ['defaults.force_handlers'] },
  errorOnUndefinedVars: { kind: 'bool', default: 'true', env: ['ANSIBLE_ERROR_ON_UNDEFINED_VARS'], ini: ['defaults.error_on_undefined_vars'] },
  hashBehaviour: { kind: 'str', default: 'replace', env: ['ANSIBLE_HASH_BEHAVIOUR'], ini: ['defaults.hash_behaviour'], choices: ['replace', 'merge'] },
  jinja2Native: { kind: 'bool', default: 'false', env: ['ANSIBLE_JINJA2_NATIVE'], ini: ['defaults.jinja2_native'] },
  noLog: { kind: 'bool', default: 'false', env: ['ANSIBLE_NO_LOG'], ini: ['defaults.no_log'] },
  managedStr: { kind: 'str', default: 'Ansible managed', env: [], ini: ['defaults.ansible_managed'] },
  vaultPasswordFile: { kind: 'path', env: ['ANSIBLE_VAULT_PASSWORD_FILE'], ini: ['defaults.vault_password_file'] },
  verbosity: { kind: 'int', default: '0', env: ['ANSIBLE_VERBOSITY'], ini: ['defaults.verbosity'] },
  displaySkippedHosts: { kind: 'bool', default: 'true', env: ['ANSIBLE_DISPLAY_SKIPPED_HOSTS'], ini: ['defaults.display_skipped_hosts'] },
  displayOkHosts: { kind: 'bool', default: 'true', env: ['ANSIBLE_DISPLAY_OK_HOSTS'], ini: ['defaults.display_ok_hosts'] },
  displayFailedStderr: { kind: 'bool', default: 'false', env: ['ANSIBLE_DISPLAY_FAILED_STDERR'], ini: ['defaults.display_failed_stderr'] },
  showCustomStats: { kind: 'bool', default: 'false', env: ['ANSIBLE_SHOW_CUSTOM_STATS'], ini: ['defaults.show_custom_stats'] },
  showTaskPathOnFailure: { kind: 'bool', default: 'false', env: ['ANSIBLE_SHOW_TASK_PATH_ON_FAILURE'], ini: ['defaults.show_task_path_on_failure'] },
  checkModeMarkers: { kind: 'bool', default: 'false', env: ['ANSIBLE_CHECK_MODE_MARKERS'], ini: ['defaults.check_mode_markers'] },
  callbackResultFormat: {
    kind: 'str', default: 'json', env: ['ANSIBLE_CALLBACK_RESULT_FORMAT'], ini: ['defaults.callback_result_format'], choices: ['json', 'yaml'],
  },
  callbackFormatPretty: { kind: 'bool', env: ['ANSIBLE_CALLBACK_FORMAT_PRETTY'], ini: ['defaults.callback_format_pretty'] },
  diffContext: { kind: 'int', default: '3', env: ['ANSIBLE_DIFF_CONTEXT'], ini: ['diff.context'] },
  diffAlways: { kind: 'bool', default: 'false', env: ['ANSIBLE_DIFF_ALWAYS'], ini: ['diff.always'] },
  deprecationWarnings: { kind: 'bool', default: 'true', env: ['ANSIBLE_DEPRECATION_WARNINGS'], ini: ['defaults.deprecation_warnings'] },
  systemWarnings: { kind: 'bool', default: 'true', env: ['ANSIBLE_SYSTEM_WARNINGS'], ini: ['defaults.system_warnings'] },
  localhostWarning: { kind: 'bool', default: 'true', env: ['ANSIBLE_LOCALHOST_WARNING'], ini: ['defaults.localhost_warning'] },
  actionWarnings: { kind: 'bool', default: 'true', env: ['ANSIBLE_ACTION_WARNINGS'], ini: ['defaults.action_warnings'] },
  interpreterPython: { kind: 'str', default: 'auto', env: ['ANSIBLE_PYTHON_INTERPRETER'], ini: ['defaults.interpreter_python'] },
  inventoryEnabled: {
    kind: 'list', default: 'host_list, script, auto, yaml, ini, toml', env: ['ANSIBLE_INVENTORY_ENABLED'], ini: ['inventory.enable_plugins'],
  },
  inventoryUnparsedIsFailed: { kind: 'bool', default: 'false', env: ['ANSIBLE_INVENTORY_UNPARSED_FAILED'], ini: ['inventory.unparsed_is_failed'] },
  inventoryAnyUnparsedIsFailed: {
    kind: 'bool', default: 'false', env: ['ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED'], ini: ['inventory.any_unparsed_is_failed'],
  },
}

export interface LoadConfigOptions {
  cwd: string
  env: NodeJS.ProcessEnv
}

export async function loadConfig(opts: LoadConfigOptions): Promise<Settings> {
  const warnings: string[] = []
  const configFile = findConfigFile(opts, warnings)
  const ini = configFile ? parseIni(readFileSync(configFile, 'utf8'), configFile) : undefined
  const values: Record<string, unknown> = {}
  const sources: Record<string, string> = {}
  for (const name of Object.keys(DEFS) as SettingName[]) {
    const { value, source } = resolveSetting(name, DEFS[name], ini, configFile, opts)
    values[name] = value
    sources[name] = source
  }
  return {
    ...(values as unknown as SettingValues),
    configFile,
    warnings,
    settingSource: (name: SettingName) => sources[name],
  }
}

/** Ansible's search order; the first readable file wins. */
function findConfigFile(opts: LoadConfigOptions, warnings: string[]): string | undefined {
  const candidates: string[] = []
  let fromEnv: string | undefined
  if (opts.env.ANSIBLE_CONFIG !== undefined) {
    fromEnv = expandPath(opts.env.ANSIBLE_CONFIG, opts.cwd, opts.env)
    if (isDirectory(fromEnv)) fromEnv = join(fromEnv, 'ansible.cfg')
    candidates.push(fromEnv)
  }
  const cwdFile = join(opts.cwd, 'ansible.cfg')
  // A world-writable directory could hold anyone's ansible.cfg: Ansible refuses it.
  const cwdIsPublic = isWorldWritable(opts.cwd)
  if (!cwdIsPublic) candidates.push(cwdFile)
  candidates.push(expandPath('~/.ansible.cfg', opts.cwd, opts.env), '/etc/ansible/ansible.cfg')
  const found = candidates.find(isReadableFile)
  if (cwdIsPublic && (fromEnv === undefined || found !== fromEnv) && isReadableFile(cwdFile)) {
    warnings.push(`Ansible is being run in a world writable directory (${opts.cwd}), ignoring it as an ansible.cfg source. `
      + 'For more information see https://docs.ansible.com/ansible/devel/reference_appendices/config.html#cfg-in-world-writable-dir')
  }
  return found
}

interface IniValue { value: string; pos: SourcePos }
type Ini = Map<string, Map<string, IniValue>>

function resolveSetting(name: SettingName, def: SettingDef, ini: Ini | undefined, configFile: string | undefined, opts: LoadConfigOptions) {
  const ctx = { baseDir: opts.cwd, cwd: opts.cwd, env: opts.env }
  const fromDefault = () => ({ value: convert(name, def, def.default, { ...ctx, origin: 'default' }), source: 'default' })
  const envName = def.env.filter((n) => opts.env[n] !== undefined).pop()
  if (envName !== undefined) {
    const raw = opts.env[envName]!
    // An empty variable for a number means "not set", as in Ansible.
    if (raw === '' && def.kind === 'int') return fromDefault()
    const source = `env: ${envName}`
    return { value: convert(name, def, raw, { ...ctx, origin: source }), source }
  }
  const entry = def.ini.map((key) => iniLookup(ini, key)).filter((v): v is IniValue => v !== undefined).pop()
  if (entry !== undefined && configFile) {
    const fileCtx = { ...ctx, baseDir: dirname(configFile), origin: configFile, pos: entry.pos }
    return { value: convert(name, def, entry.value, fileCtx), source: configFile }
  }
  return fromDefault()
}

function iniLookup(ini: Ini | undefined, dotted: string): IniValue | undefined {
  const [section, key] = dotted.split('.')
  return ini?.get(section)?.get(key) ?? ini?.get('DEFAULT')?.get(key)
}

interface ConvertContext { baseDir: string; cwd: string; env: NodeJS.ProcessEnv; origin: string; pos?: SourcePos }

function convert(name: SettingName, def: SettingDef, raw: string | undefined, ctx: ConvertContext): unknown {
  if (raw === undefined) return undefined
  const value = convertKind(name, def.kind, raw, ctx)
  if (def.choices && !def.choices.includes(value as string)) {
    throw new OptionsError(`Invalid value "${String(value)}" for configuration option "${name}" (from ${ctx.origin}), valid values are: ${def.choices.join(', ')}`, {
      pos: ctx.pos, hint: `did you mean '${closest(String(value), [...def.choices])}'?`,
    })
  }
  return value
}

function convertKind(name: SettingName, kind: Kind, raw: string, ctx: ConvertContext): unknown {
  switch (kind) {
    case 'bool': return ['y', 'yes', 'on', '1', 'true', 't'].includes(raw.trim().toLowerCase())
    case 'int': {
      const text = raw.trim().replace(/_/g, '')
      if (!/^[+-]?\d+$/.test(text)) {
        throw new OptionsError(`Invalid type for configuration option ${name} (from ${ctx.origin}): "${raw}" is not an integer`, { pos: ctx.pos })
      }
      return Number.parseInt(text, 10)
    }
    case 'str': return unquote(raw)
    case 'list': return raw.split(',').map((item) => unquote(item.trim()))
    case 'path': return expandPath(raw, ctx.baseDir, ctx.env, ctx.cwd)
    case 'pathlist': return raw.split(',').map((item) => expandPath(item.trim(), ctx.baseDir, ctx.env, ctx.cwd))
    case 'pathspec': return raw.split(':').map((item) => expandPath(item, ctx.baseDir, ctx.env, ctx.cwd))
  }
}

function unquote(text: string): string {
  const q = text[0]
  return text.length >= 2 && (q === '"' || q === "'") && text.endsWith(q) ? text.slice(1, -1) : text
}

/**
 * Ansible's unfrackpath (without following links): {{CWD}} (the working directory),
 * $VARS and ~ expanded, then made absolute from `baseDir`.
 */
export function expandPath(path: string, baseDir: string, env: NodeJS.ProcessEnv, cwd = baseDir): string {
  let p = path.replaceAll('{{CWD}}', cwd)
  p = p.replace(/\$(\w+)|\$\{([^}]+)\}/g, (whole, a: string | undefined, b: string | undefined) => env[a ?? b ?? ''] ?? whole)
  if (p === '~' || p.startsWith('~/')) p = (env.HOME ?? homedir()) + p.slice(1)
  return isAbsolute(p) ? resolve(p) : resolve(baseDir, p)
}

/**
 * INI as Python's configparser reads ansible.cfg: "key = value" or "key: value", keys
 * lower-cased, '#'/';' comment lines, ' ;' inline comments, indented continuation
 * lines, [DEFAULT] shared by all sections, duplicates rejected.
 */
export function parseIni(text: string, file: string): Ini {
  const sections: Ini = new Map()
  let section: Map<string, IniValue> | undefined
  let current: { entry: IniValue; lines: string[]; indent: number } | undefined
  const finish = () => {
    if (current) current.entry.value = current.lines.join('\n').trimEnd()
    current = undefined
  }
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const pos = { file, line: index + 1, column: 1 }
    const line = stripInlineComment(rawLine)
    const stripped = line.trim()
    if (/^[#;]/.test(rawLine.trim())) return
    const indent = line.length - line.trimStart().length
    if (stripped === '') {
      current?.lines.push('')
      return
    }
    if (current && indent > current.indent) {
      current.lines.push(stripped)
      return
    }
    finish()
    const header = /^\[(.+)\]/.exec(stripped)
    if (header) {
      if (sections.has(header[1])) throw new OptionsError(`Error reading config file (${file}): section '${header[1]}' already exists`, { pos })
      section = new Map()
      sections.set(header[1], section)
      return
    }
    const option = /^(.*?)\s*[=:]\s*(.*)$/.exec(stripped)
    if (!section) throw new OptionsError(`Error reading config file (${file}): a [section] header must come before '${stripped}'`, { pos })
    if (!option || option[1] === '') throw new OptionsError(`Error reading config file (${file}): cannot parse '${stripped}', expected "key = value"`, { pos })
    const key = option[1].toLowerCase()
    if (section.has(key)) throw new OptionsError(`Error reading config file (${file}): option '${key}' already set in this section`, { pos })
    const entry = { value: option[2], pos: { ...pos, column: indent + 1 } }
    section.set(key, entry)
    current = { entry, lines: [option[2]], indent }
  })
  finish()
  return sections
}

/** configparser's inline comments: ';' after whitespace. */
function stripInlineComment(line: string): string {
  const at = line.search(/\s;/)
  return at < 0 ? line : line.slice(0, at)
}

/** Exists and is readable, as Ansible checks a candidate (so ANSIBLE_CONFIG=/dev/null means "no settings"). */
function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK)
    return !statSync(path).isDirectory()
  } catch {
    return false
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function isWorldWritable(dir: string): boolean {
  try {
    return (statSync(dir).mode & 0o002) !== 0
  } catch {
    return false
  }
}
