// Jinja2's `loop` variable inside {% for %}: index, index0, revindex, revindex0, first,
// last, length, depth, depth0, previtem, nextitem, cycle(), changed(), and loop(items)
// for recursive loops.
import { TemplateError } from '../errors.js'
import { pyEquals } from './filters/python-compare.js'
import { MISSING, PyFunction, type PyObject } from './callable.js'
import type { Kwargs } from './types.js'
import { Undefined } from './undefined.js'

const ATTRIBUTES: Record<string, (loop: LoopContext) => unknown> = {
  index: (loop) => loop.index0 + 1,
  index0: (loop) => loop.index0,
  revindex: (loop) => loop.length - loop.index0,
  revindex0: (loop) => loop.length - loop.index0 - 1,
  first: (loop) => loop.index0 === 0,
  last: (loop) => loop.index0 === loop.length - 1,
  length: (loop) => loop.length,
  depth: (loop) => loop.depth0 + 1,
  depth0: (loop) => loop.depth0,
  previtem: (loop) => loop.previtem(),
  nextitem: (loop) => loop.nextitem(),
  cycle: (loop) => new PyFunction('cycle', (args) => loop.cycle(args), 'LoopContext'),
  changed: (loop) => new PyFunction('changed', (args) => loop.changed(args), 'LoopContext'),
}

export class LoopContext implements PyObject {
  readonly pyTypeName = 'LoopContext'
  index0 = -1
  private lastChanged: unknown[] | undefined

  constructor(
    private readonly items: unknown[],
    readonly depth0: number,
    /** Renders the loop body over other items one level deeper; set for `recursive` loops. */
    private readonly recurse?: (items: unknown) => string,
  ) {}

  get length(): number {
    return this.items.length
  }

  pyGetAttr(name: string): unknown {
    const get = Object.prototype.hasOwnProperty.call(ATTRIBUTES, name) ? ATTRIBUTES[name] : undefined
    return get ? get(this) : MISSING
  }

  /** The item before the current one, or an Undefined that says there is none. */
  previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : new Undefined('previtem', 'there is no previous item')
  }

  nextitem(): unknown {
    return this.index0 < this.length - 1 ? this.items[this.index0 + 1] : new Undefined('nextitem', 'there is no next item')
  }

  pyCall(args: unknown[], kwargs: Kwargs): unknown {
    if (!this.recurse) throw new TemplateError("The loop must have the 'recursive' marker to be called recursively.")
    if (args.length !== 1 || Object.keys(kwargs).length) throw new TemplateError('loop() takes exactly one argument, the items to recurse into')
    return this.recurse(args[0])
  }

  cycle(args: unknown[]): unknown {
    if (args.length === 0) throw new TemplateError('no items for cycling given')
    return args[this.index0 % args.length]
  }

  changed(args: unknown[]): boolean {
    if (this.lastChanged && args.length === this.lastChanged.length && args.every((v, i) => pyEquals(v, this.lastChanged?.[i]))) {
      return false
    }
    this.lastChanged = args
    return true
  }

  __repr__(): string {
    return `<LoopContext ${this.index0 + 1}/${this.length}>`
  }
}
