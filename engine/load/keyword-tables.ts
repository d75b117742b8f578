// Which keywords each playbook object accepts, and the type of each — Ansible 2.14's
// FieldAttributes of Play, Block, Task, Handler, role entries and import_playbook.
import { enumType, KT, type KeywordType } from './keyword-types.js'

export type KeywordTable = Readonly<Record<string, KeywordType>>

/** Play `order:` values (how hosts are ordered). */
export const HOST_ORDERS = ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'] as const
/** `debugger:` values. */
export const DEBUGGER_MODES = ['always', 'never', 'on_failed', 'on_unreachable', 'on_skipped'] as const
/** Strategy plugins a play may name. */
export const STRATEGIES = ['linear', 'free', 'host_pinned', 'debug'] as const

/** Keywords every playbook object has (Ansible's Base). */
const BASE: KeywordTable = {
  name: KT.name,
  connection: KT.string,
  port: KT.int,
  remote_user: KT.string,
  vars: KT.vars,
  module_defaults: KT.moduleDefaults,
  environment: KT.environment,
  no_log: KT.bool,
  run_once: KT.bool,
  ignore_errors: KT.bool,
  ignore_unreachable: KT.bool,
  check_mode: KT.bool,
  diff: KT.bool,
  any_errors_fatal: KT.bool,
  throttle: KT.int,
  timeout: KT.int,
  debugger: enumType(DEBUGGER_MODES),
  become: KT.bool,
  become_method: KT.string,
  become_user: KT.string,
  become_flags: KT.string,
  become_exe: KT.string,
  tags: KT.tags,
}

const CONDITIONAL: KeywordTable = { when: KT.condition }
const COLLECTIONS: KeywordTable = { collections: KT.stringOrList }
const DELEGATION: KeywordTable = { delegate_to: KT.string, delegate_facts: KT.bool }

export const PLAY_KEYWORDS: KeywordTable = {
  ...BASE,
  ...COLLECTIONS,
  hosts: KT.stringOrList,
  gather_facts: KT.bool,
  gather_subset: KT.stringOrList,
  gather_timeout: KT.int,
  fact_path: KT.string,
  vars_files: KT.varsFiles,
  vars_prompt: KT.varsPrompt,
  roles: KT.roles,
  handlers: KT.taskList,
  pre_tasks: KT.taskList,
  post_tasks: KT.taskList,
  tasks: KT.taskList,
  force_handlers: KT.bool,
  max_fail_percentage: KT.percent,
  serial: KT.serial,
  strategy: enumType(STRATEGIES),
  order: enumType(HOST_ORDERS),
  user: KT.string, // the old name of remote_user, still accepted by Ansible
}

export const BLOCK_KEYWORDS: KeywordTable = {
  ...BASE,
  ...COLLECTIONS,
  ...CONDITIONAL,
  ...DELEGATION,
  block: KT.taskList,
  rescue: KT.taskList,
  always: KT.taskList,
  notify: KT.stringOrList,
}

export const TASK_KEYWORDS: KeywordTable = {
  ...BASE,
  ...COLLECTIONS,
  ...CONDITIONAL,
  ...DELEGATION,
  action: KT.action,
  local_action: KT.action,
  args: KT.args,
  async: KT.int,
  async_val: KT.int,
  poll: KT.int,
  changed_when: KT.condition,
  failed_when: KT.condition,
  until: KT.condition,
  retries: KT.int,
  delay: KT.int,
  loop: KT.loop,
  loop_control: KT.loopControl,
  notify: KT.stringOrList,
  register: KT.string,
}

export const HANDLER_KEYWORDS: KeywordTable = { ...TASK_KEYWORDS, listen: KT.stringOrList }

export const ROLE_ENTRY_KEYWORDS: KeywordTable = {
  ...BASE,
  ...COLLECTIONS,
  ...CONDITIONAL,
  ...DELEGATION,
  role: KT.string,
}

export const IMPORT_PLAYBOOK_KEYWORDS: KeywordTable = {
  ...BASE,
  ...CONDITIONAL,
  import_playbook: KT.string,
}

/** The only keywords include_tasks / include_role take; others belong under `apply:`. */
export const INCLUDE_KEYWORDS: ReadonlySet<string> = new Set([
  'action', 'args', 'collections', 'debugger', 'ignore_errors', 'loop', 'loop_control',
  'name', 'no_log', 'register', 'run_once', 'tags', 'timeout', 'vars', 'when',
])
