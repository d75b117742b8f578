// The loaded playbook: plays made of blocks made of tasks, each keeping its parent so
// keywords (when, tags, become, vars, ...) can be inherited the way Ansible does.
import type { SourcePos } from '../errors.js'

export type Keywords = Record<string, unknown>

export interface RoleInstance {
  name: string
  /** The role's folder. */
  path: string
  defaults: Record<string, unknown>
  vars: Record<string, unknown>
  /** Parameters given where the role was used (`roles: [{role: x, a: 1}]`). */
  params: Record<string, unknown>
  /** Folder of the role's `library/`, if any. */
  libraryDir?: string
  /** Roles this one depends on (meta/dependencies), already loaded. */
  dependencies: RoleInstance[]
  /** Keywords given where the role was used (when, tags, become ...). */
  keywords: Keywords
  pos?: SourcePos
  /** Role that pulled this one in (meta dependency chain). */
  parentRole?: RoleInstance
  /** tasks/main.yml (or tasks_from) and handlers/main.yml, when the role has them. */
  tasksFile?: string
  handlersFile?: string
  allowDuplicates: boolean
  /** Identity for "run once per host" dedup: path + params. */
  key: string
}

export interface Block {
  kind: 'block'
  block: Entry[]
  rescue: Entry[]
  always: Entry[]
  keywords: Keywords
  pos?: SourcePos
  parent?: Block
  role?: RoleInstance
  /** The include/import task that brought this block in (its vars, when, tags apply). */
  from?: Task
  /** Folder relative paths in this block resolve against (the task file's folder). */
  basedir: string
  /** The task file an include/import loaded into this block. */
  file?: string
  /** Which section of its parent block this entry sits in (undefined = the block section). */
  section?: 'rescue' | 'always'
  /** Set on the implicit block wrapping a role's task list (for dedup and "role : task" names). */
  isRoleRoot?: boolean
}

export interface Task {
  kind: 'task'
  /** Module or action name, FQCN removed: "copy", "include_tasks", "meta". */
  action: string
  args: Record<string, unknown>
  keywords: Keywords
  pos?: SourcePos
  parent: Block
  role?: RoleInstance
  /** Unique per loaded task (for grouping hosts in lockstep and for output ids). */
  id: string
  isHandler: boolean
  section?: 'rescue' | 'always'
  /** For handlers: names it answers to (name + listen topics). */
  listen?: string[]
}

export type Entry = Block | Task

export interface Play {
  name: string
  hosts: string | string[]
  keywords: Keywords
  pos?: SourcePos
  file: string
  basedir: string
  vars: Record<string, unknown>
  varsFiles: unknown[]
  roles: RoleInstance[]
  /** Roles whose defaults and vars every task of the play sees: `roles:`, import_role, and
   *  include_role with `public: true` (added when it runs). */
  exportedRoles: RoleInstance[]
  preTasks: Block[]
  /** Roles' tasks come first, then the play's tasks, as Ansible runs them. */
  tasks: Block[]
  postTasks: Block[]
  handlers: Block[]
  id: string
}

let nextId = 0
export function newId(): string {
  nextId += 1
  return `t${nextId}`
}
