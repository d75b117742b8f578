// slurp: a file of the target, base64-encoded in the result (`content`), e.g. to read
// a generated password file into a variable. Never changes anything.
import { defineModule, fail, ok } from '../engine/module.js'
import { expandUser } from './lib/files/paths.js'

export default defineModule<{ src: string }>({
  name: 'slurp',
  description: 'Read a file of the target: its content base64-encoded as `content` (decode with b64decode), with `source` and `encoding`.',
  aliases: { src: ['path'] },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['src'],
    properties: { src: { type: 'string', description: 'The file to read.' } },
  },
  examples: [
    `- name: Read the undercloud passwords
  slurp:
    src: /home/stack/undercloud-passwords.conf
  register: passwords`,
  ],
  async run(host, p) {
    const source = await expandUser(host, p.src)
    let data: Buffer
    try {
      data = await host.readBytes(source)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return fail(`file not found: ${source}`)
      if (code === 'EACCES') return fail(`file is not readable: ${source}`)
      if (code === 'EISDIR') return fail(`source is a directory and must be a file: ${source}`)
      return fail(`unable to slurp file: ${(err as Error).message}`)
    }
    return ok({ content: data.toString('base64'), source, encoding: 'base64' })
  },
})
