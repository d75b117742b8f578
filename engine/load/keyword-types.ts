// The value types playbook keywords accept, as JSON schemas with a phrase for error
// messages. Ansible checks most keyword types only after templating, so each type also
// admits a template string ("{{ … }}") — its value is checked again when it is known.

export interface KeywordType {
  schema: Record<string, unknown>
  /** Completes "the field 'x' must be …". */
  expects: string
  /** For keywords with a fixed set of values: the values, for "did you mean". */
  choices?: readonly string[]
}

/** Contains a Jinja2 expression or statement. */
const TEMPLATE = '\\{\\{|\\{%'
const template = { type: 'string', pattern: TEMPLATE }
const nullable = { type: 'null' }

/** Strings Ansible's boolean() accepts, in any case, plus templates. */
const BOOLEAN_STRING =
  '^\\s*(?:[yY](?:[eE][sS])?|[oO][nN]|1|[tT](?:[rR][uU][eE])?|[nN][oO]?|[oO][fF][fF]|0|[fF](?:[aA][lL][sS][eE])?)\\s*$|' + TEMPLATE
const INTEGER_STRING = `^\\s*[-+]?[0-9]+\\s*$|${TEMPLATE}`
const PERCENT_STRING = `^\\s*[0-9]+(?:\\.[0-9]*)?\\s*%?\\s*$|${TEMPLATE}`

const stringLike = { type: ['string', 'number', 'boolean'] }
const stringList = { type: 'array', items: { type: 'string' } }
const serialItem = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: PERCENT_STRING }] }
const condition = { type: ['string', 'boolean', 'number'] }
const boolSchema = { anyOf: [{ type: 'boolean' }, { enum: [0, 1] }, { type: 'string', pattern: BOOLEAN_STRING }, nullable] }

function anyOf(...schemas: object[]): Record<string, unknown> {
  return { anyOf: [...schemas, nullable] }
}

/** A keyword whose value must be one of `values` (or a template). */
export function enumType(values: readonly string[]): KeywordType {
  return {
    schema: anyOf({ enum: [...values] }, template),
    expects: `one of: ${values.join(', ')}`,
    choices: values,
  }
}

export const KT = {
  bool: { schema: boolSchema, expects: 'a boolean (true/false, yes/no) or a template' },
  int: { schema: anyOf({ type: 'number' }, { type: 'string', pattern: INTEGER_STRING }), expects: 'an integer or a template' },
  percent: {
    schema: anyOf({ type: 'number' }, { type: 'string', pattern: PERCENT_STRING }),
    expects: "a percentage (e.g. 30 or '30%') or a template",
  },
  string: { schema: anyOf(stringLike), expects: 'a string' },
  // Ansible prints whatever `name:` holds; real playbooks use a list of lines.
  name: { schema: anyOf({ type: ['string', 'number', 'boolean', 'array'] }), expects: 'a string' },
  stringOrList: { schema: anyOf({ type: 'string' }, stringList), expects: 'a string or a list of strings' },
  tags: {
    schema: anyOf({ type: ['string', 'integer'] }, { type: 'array', items: { type: ['string', 'integer'] } }),
    expects: 'a string, a number or a list of them',
  },
  condition: {
    schema: anyOf(condition, { type: 'array', items: condition }),
    expects: 'a condition (a string or a boolean) or a list of conditions',
  },
  taskList: { schema: anyOf({ type: 'array' }), expects: 'a list of tasks' },
  roles: { schema: anyOf({ type: 'array', items: { type: ['string', 'object'] } }), expects: 'a list of roles (names or mappings)' },
  vars: {
    schema: anyOf({ type: 'object' }, { type: 'array', items: { type: 'object' } }),
    expects: 'a mapping of variables, or a list of mappings',
  },
  varsFiles: {
    schema: anyOf({ type: 'string' }, { type: 'array', items: { anyOf: [{ type: 'string' }, stringList] } }),
    expects: 'a file name or a list of file names',
  },
  varsPrompt: {
    schema: anyOf(
      { $ref: '#/definitions/prompt' },
      { type: 'array', items: { $ref: '#/definitions/prompt' } },
    ),
    expects: "a list of prompts, each a mapping with a 'name'",
  },
  environment: {
    schema: anyOf({ type: 'object' }, template, { type: 'array', items: { anyOf: [{ type: 'object' }, template] } }),
    expects: 'a mapping of environment variables, a list of such mappings, or a template',
  },
  moduleDefaults: {
    schema: anyOf({ type: 'object' }, { type: 'array', items: { type: 'object' } }),
    expects: 'a mapping of module names to default arguments, or a list of such mappings',
  },
  serial: {
    schema: anyOf(serialItem, { type: 'array', items: serialItem }),
    expects: "a number, a percentage ('30%') or a list of them",
  },
  loop: { schema: anyOf({ type: 'array' }, template), expects: 'a list, or a template that yields a list' },
  loopControl: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        loop_var: stringLike,
        index_var: stringLike,
        label: {},
        pause: { anyOf: [{ type: 'number' }, { type: 'string', pattern: `^\\s*[0-9.]+\\s*$|${TEMPLATE}` }] },
        extended: boolSchema,
        extended_allitems: boolSchema,
      },
    },
    expects: 'a mapping with loop_var, index_var, label, pause, extended or extended_allitems',
  },
  args: { schema: anyOf({ type: 'object' }, template), expects: 'a mapping of module arguments, or a template that yields one' },
  action: { schema: { type: ['string', 'object'] }, expects: "a module name with its arguments ('copy src=a dest=b') or a mapping" },
  any: { schema: {}, expects: 'anything' },
} satisfies Record<string, KeywordType>

/** Shared schema definitions the types above refer to. */
export const DEFINITIONS = {
  prompt: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      prompt: stringLike,
      default: {},
      private: boolSchema,
      confirm: boolSchema,
      encrypt: { type: 'string' },
      salt_size: { type: 'integer' },
      salt: { type: 'string' },
      unsafe: boolSchema,
    },
  },
}

const TEMPLATE_RE = new RegExp(TEMPLATE)

/** Whether a value is a string holding a template (and so is checked only once rendered). */
export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE_RE.test(value)
}
