// One host's walk through blocks: rescue after a failure, always in every case, include
// blocks run right after their include, and task positions sort as the strategy needs.
import { expect } from 'chai'
import { compareKeys, walkEntries, type CursorHooks, type StepOutcome } from '../../../engine/executor/cursor.js'
import type { Block, Entry, Task } from '../../../engine/load/model.js'

let n = 0
function t(name: string): Task {
  const parent = {} as Block
  return { kind: 'task', action: 'debug', args: {}, keywords: { name }, parent, id: `id${++n}`, isHandler: false }
}
function block(body: Entry[], rescue: Entry[] = [], always: Entry[] = []): Block {
  return { kind: 'block', block: body, rescue, always, keywords: {}, basedir: '/' }
}
const hooks = (log: string[]): CursorHooks => ({
  roleAlreadyRan: () => false,
  enterRescue: (task) => log.push(`rescue-after:${task.keywords.name}`),
  rescued: () => log.push('rescued'),
})

/** Walk `entries`, failing the tasks named in `fails`; returns the names run and the end status. */
function walk(entries: Entry[], fails: string[], include?: { at: string; blocks: Block[] }): { ran: string[]; status: string } {
  const log: string[] = []
  const gen = walkEntries(entries, [], hooks(log))
  const ran: string[] = []
  let next = gen.next()
  while (!next.done) {
    const name = String(next.value.task.keywords.name)
    ran.push(name)
    const outcome: StepOutcome = { failed: fails.includes(name) }
    if (include && include.at === name) outcome.included = include.blocks
    next = gen.next(outcome)
  }
  return { ran: [...ran, ...log.map((l) => `(${l})`)], status: next.value.status }
}

describe('host cursor', () => {
  it('runs tasks in order', () => {
    expect(walk([t('a'), t('b')], [])).to.deep.equal({ ran: ['a', 'b'], status: 'ok' })
  })
  it('a failure ends the walk', () => {
    expect(walk([t('a'), t('b')], ['a'])).to.deep.equal({ ran: ['a'], status: 'failed' })
  })
  it('rescue catches a failure and always runs', () => {
    const res = walk([block([t('a'), t('b')], [t('r')], [t('al')]), t('after')], ['a'])
    expect(res).to.deep.equal({ ran: ['a', 'r', 'al', 'after', '(rescue-after:a)', '(rescued)'], status: 'ok' })
  })
  it('a failing rescue still runs always, then fails', () => {
    expect(walk([block([t('a')], [t('r')], [t('al')]), t('after')], ['a', 'r']).status).to.equal('failed')
    expect(walk([block([t('a')], [t('r')], [t('al')]), t('after')], ['a', 'r']).ran.slice(0, 3)).to.deep.equal(['a', 'r', 'al'])
  })
  it('always runs without rescue, and the failure stands', () => {
    expect(walk([block([t('a')], [], [t('al')]), t('after')], ['a'])).to.deep.equal({ ran: ['a', 'al'], status: 'failed' })
  })
  it('nested blocks: the inner rescue handles the inner failure', () => {
    const inner = block([t('i1')], [t('ir')])
    expect(walk([block([inner, t('o2')], [t('or')])], ['i1']).ran.slice(0, 3)).to.deep.equal(['i1', 'ir', 'o2'])
  })
  it('included blocks run right after their include', () => {
    const res = walk([t('inc'), t('next')], [], { at: 'inc', blocks: [block([t('x'), t('y')])] })
    expect(res.ran).to.deep.equal(['inc', 'x', 'y', 'next'])
  })
  it('task positions: included tasks sort between the include and its next sibling', () => {
    const include = [0, 3]
    const included = [0, 3, 0, 0, 1]
    const next = [0, 4]
    expect(compareKeys(include, included)).to.be.below(0)
    expect(compareKeys(included, next)).to.be.below(0)
    expect(compareKeys([0, 1, 2], [0, 1, 2])).to.equal(0)
  })
})
