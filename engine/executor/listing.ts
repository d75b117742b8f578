// --list-hosts, --list-tasks, --list-tags: what ansible-playbook prints, without running.
import type { Entry, Play, Task } from '../load/model.js'
import type { RunContext } from './context.js'
import { shouldRun, taskTags } from './tags.js'
import { taskDisplayName } from './keywords.js'

function tagList(tags: Iterable<string>): string {
  return `[${[...tags].sort().join(', ')}]`
}

function staticTasks(entries: Entry[]): Task[] {
  const out: Task[] = []
  for (const e of entries) {
    if (e.kind === 'task') out.push(e)
    else out.push(...staticTasks(e.block), ...staticTasks(e.rescue), ...staticTasks(e.always))
  }
  return out
}

function playTasks(play: Play): Task[] {
  return [...play.preTasks, ...play.tasks, ...play.postTasks].flatMap((b) => staticTasks([b]))
}

export function listPlays(ctx: RunContext, file: string, plays: Play[], what: { hosts: boolean; tasks: boolean; tags: boolean }): string {
  const lines = ['', `playbook: ${file}`]
  plays.forEach((play, i) => {
    const playTags = tagList(new Set((Array.isArray(play.keywords.tags) ? play.keywords.tags : play.keywords.tags ? [play.keywords.tags] : []).map(String)))
    lines.push('', `  play #${i + 1} (${Array.isArray(play.hosts) ? play.hosts.join(',') : play.hosts}): ${play.name}\tTAGS: ${playTags}`)
    if (what.hosts) {
      const hosts = ctx.inventory.select(ctx.templar.template(play.hosts, ctx.extraVars) as string | string[])
      lines.push(`    pattern: ${JSON.stringify(Array.isArray(play.hosts) ? play.hosts : [play.hosts]).replaceAll('"', "'").replaceAll(',', ', ')}`)
      lines.push(`    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`))
    }
    const tasks = playTasks(play).filter((t) => shouldRun(taskTags(t, play), ctx.tagFilter))
    if (what.tasks) {
      lines.push('    tasks:')
      for (const task of tasks) {
        const own = new Set(taskTags(task, play))
        lines.push(`      ${taskDisplayName(task)}\tTAGS: ${tagList(own)}`)
      }
    }
    if (what.tags) {
      const all = new Set<string>()
      for (const task of tasks) taskTags(task, play).forEach((t) => all.add(t))
      lines.push(`      TASK TAGS: ${tagList(all)}`)
    }
  })
  return lines.join('\n') + '\n'
}
